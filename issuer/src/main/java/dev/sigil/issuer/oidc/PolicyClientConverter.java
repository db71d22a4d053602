package dev.sigil.issuer.oidc;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.sigil.issuer.federation.TokenExchanges;

/**
 * A token exchange names its trust policy as {@code client_id} and carries no client
 * secret: the subject token is the credential. This reads such a request as a client that
 * authenticates with method {@code none}; any request with a secret, an assertion or
 * another grant type is left to the authorization server's own converters.
 */
final class PolicyClientConverter implements AuthenticationConverter {

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod()) || !TokenExchanges.GRANT_TYPE.equals(request.getParameter("grant_type"))
				|| request.getHeader(HttpHeaders.AUTHORIZATION) != null || request.getParameter("client_secret") != null
				|| request.getParameter("client_assertion") != null) {
			return null;
		}
		String clientId = request.getParameter("client_id");
		if (clientId == null || clientId.isBlank() || request.getParameterValues("client_id").length != 1) {
			return null;
		}
		return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null, Map.of());
	}

}
