package dev.sigil.issuer.oidc;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The issuers have no OAuth2 clients yet (tokens come from the machine API), so every
 * client lookup finds nothing.
 */
final class NoRegisteredClients implements RegisteredClientRepository {

	@Override
	public void save(RegisteredClient registeredClient) {
		throw new UnsupportedOperationException("Sigil's issuers have no registered clients");
	}

	@Override
	public RegisteredClient findById(String id) {
		return null;
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return null;
	}

}
