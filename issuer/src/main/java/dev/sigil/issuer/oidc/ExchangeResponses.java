package dev.sigil.issuer.oidc;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The token endpoint's answers: an RFC 8693 token exchange response
 * ({@code access_token}, {@code issued_token_type}, {@code token_type},
 * {@code expires_in}) or an RFC 6749 error, never cached.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2.2">RFC 8693, section
 * 2.2</a>
 */
final class ExchangeResponses implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AccessTokenAuthenticationToken issued = (OAuth2AccessTokenAuthenticationToken) authentication;
		Map<String, Object> parameters = issued.getAdditionalParameters();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", issued.getAccessToken().getTokenValue());
		body.put("issued_token_type", parameters.get(ExchangeGrantProvider.ISSUED_TOKEN_TYPE));
		body.put("token_type", parameters.get(ExchangeGrantProvider.TOKEN_TYPE));
		Instant expiresAt = issued.getAccessToken().getExpiresAt();
		body.put("expires_in", Duration.between(issued.getAccessToken().getIssuedAt(), expiresAt).toSeconds());
		OAuthErrors.writeJson(response, HttpServletResponse.SC_OK, body);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (exception instanceof OAuth2AuthenticationException oauth) {
			String error = oauth.getError().getErrorCode();
			OAuthErrors.write(response, OAuthErrors.statusOf(error), error, oauth.getError().getDescription());
			return;
		}
		OAuthErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_client", "The client is not known");
	}

}
