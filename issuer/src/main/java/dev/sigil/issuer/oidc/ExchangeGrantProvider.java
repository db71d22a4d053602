package dev.sigil.issuer.oidc;

import java.time.Instant;
import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.federation.ExchangeRefusedException;
import dev.sigil.issuer.federation.TokenExchanges;
import dev.sigil.issuer.federation.TokenExchanges.ExchangeRequest;
import dev.sigil.issuer.federation.TokenExchanges.ExchangeResult;
import dev.sigil.issuer.oidc.OrgIssuers.IssuingOrg;

/**
 * Carries out a token exchange at the org's token endpoint through
 * {@link TokenExchanges}, and hands the result to {@link ExchangeResponses} in the shape
 * the authorization server's filter expects.
 */
final class ExchangeGrantProvider implements AuthenticationProvider {

	static final String ISSUED_TOKEN_TYPE = "issued_token_type";

	static final String TOKEN_TYPE = "token_type";

	private final TokenExchanges exchanges;

	private final OrgIssuers orgs;

	ExchangeGrantProvider(TokenExchanges exchanges, OrgIssuers orgs) {
		this.exchanges = exchanges;
		this.orgs = orgs;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ExchangeGrant grant = (ExchangeGrant) authentication;
		if (!(grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()) {
			throw new OAuth2AuthenticationException(new OAuth2Error("invalid_client", "client_id is required", null));
		}
		IssuingOrg org = this.orgs.byIssuer(AuthorizationServerContextHolder.getContext().getIssuer())
			.orElseThrow(() -> new OAuth2AuthenticationException(
					new OAuth2Error("invalid_request", "No such issuer", null)));
		ExchangeResult result;
		try {
			result = this.exchanges.exchange(new ExchangeRequest(org.id(), org.slug(),
					client.getRegisteredClient().getClientId(), grant.subjectToken(), grant.subjectTokenType(),
					grant.requestedTokenType(), grant.audiences(), grant.clientAddress()));
		}
		catch (ExchangeRefusedException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(ex.error(), ex.getMessage(), null));
		}
		catch (SigilException ex) {
			String error = (ex.problem().status() == 503) ? "temporarily_unavailable" : "server_error";
			throw new OAuth2AuthenticationException(new OAuth2Error(error, ex.getMessage(), null));
		}
		Instant now = Instant.now();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, result.token(), now,
				now.plusSeconds(result.expiresIn()));
		return new OAuth2AccessTokenAuthenticationToken(client.getRegisteredClient(), client, token, null,
				Map.of(ISSUED_TOKEN_TYPE, result.issuedTokenType(), TOKEN_TYPE, result.tokenType()));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ExchangeGrant.class.isAssignableFrom(authentication);
	}

}
