package dev.sigil.issuer.oidc;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

import dev.sigil.keystore.ring.KeyRing;

/**
 * The authorization server's one {@link JWKSource}: the public keys of the org whose
 * issuer the current request names, and no other org's. It never yields a private key, so
 * nothing can sign with it; machine tokens are signed from {@link KeyRing} directly.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7517#section-5">RFC 7517, section 5</a>
 */
final class OrgJwkSource implements JWKSource<SecurityContext> {

	private final OrgIssuers orgs;

	private final KeyRing keyRing;

	OrgJwkSource(OrgIssuers orgs, KeyRing keyRing) {
		this.orgs = orgs;
		this.keyRing = keyRing;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		AuthorizationServerContext server = AuthorizationServerContextHolder.getContext();
		if (server == null) {
			return List.of();
		}
		return this.orgs.byIssuer(server.getIssuer())
			.map((org) -> selector.select(this.keyRing.keys(org.id()).published()))
			.orElse(List.of());
	}

}
