package dev.sigil.issuer.oidc;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;

/**
 * A token exchange request as the token endpoint received it, for
 * {@link ExchangeGrantProvider}. The subject token is kept only for the request's life
 * and never shown.
 */
final class ExchangeGrant extends OAuth2AuthorizationGrantAuthenticationToken {

	private final String subjectToken;

	private final String subjectTokenType;

	private final String requestedTokenType;

	private final List<String> audiences;

	private final String clientAddress;

	ExchangeGrant(Authentication client, String subjectToken, String subjectTokenType, String requestedTokenType,
			List<String> audiences, String clientAddress) {
		super(AuthorizationGrantType.TOKEN_EXCHANGE, client, Map.of());
		this.subjectToken = subjectToken;
		this.subjectTokenType = subjectTokenType;
		this.requestedTokenType = requestedTokenType;
		this.audiences = List.copyOf(audiences);
		this.clientAddress = clientAddress;
	}

	String subjectToken() {
		return this.subjectToken;
	}

	String subjectTokenType() {
		return this.subjectTokenType;
	}

	String requestedTokenType() {
		return this.requestedTokenType;
	}

	List<String> audiences() {
		return this.audiences;
	}

	String clientAddress() {
		return this.clientAddress;
	}

	@Override
	public String toString() {
		return "ExchangeGrant[" + getName() + "]";
	}

}
