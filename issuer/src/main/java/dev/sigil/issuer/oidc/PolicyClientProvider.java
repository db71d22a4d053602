package dev.sigil.issuer.oidc;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Admits a token exchange's {@code client_id} as a client limited to token exchange.
 * Whether a trust policy of that name exists, and whether the subject token satisfies it,
 * is decided by the exchange itself, which records the outcome either way.
 */
final class PolicyClientProvider implements AuthenticationProvider {

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
		if (!ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())
				|| !(client.getPrincipal() instanceof String clientId)) {
			return null;
		}
		if (clientId.length() > 100) {
			throw new OAuth2AuthenticationException(new OAuth2Error("invalid_client", "client_id is too long", null));
		}
		RegisteredClient registered = RegisteredClient.withId("trust-policy:" + clientId)
			.clientId(clientId)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
			.build();
		return new OAuth2ClientAuthenticationToken(registered, ClientAuthenticationMethod.NONE, null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
