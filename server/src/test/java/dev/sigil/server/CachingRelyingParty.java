package dev.sigil.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A relying party as real ones behave: it fetches the JWKS once, caches it, and fetches
 * it again only when a token names a kid it does not know, at most once per
 * {@code minRefresh}.
 */
final class CachingRelyingParty {

	private final HttpClient http = HttpClient.newHttpClient();

	private final String issuer;

	private final String audience;

	private final Duration minRefresh;

	private volatile JWKSet cached;

	private volatile Instant lastRefresh = Instant.EPOCH;

	private volatile int refreshes;

	CachingRelyingParty(String issuer, String audience, Duration minRefresh) {
		this.issuer = issuer;
		this.audience = audience;
		this.minRefresh = minRefresh;
		refresh();
	}

	/**
	 * Verifies signature, issuer, audience and time; throws with the reason otherwise.
	 */
	void verify(String token) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token);
		String kid = jwt.getHeader().getKeyID();
		JWK key = this.cached.getKeyByKeyId(kid);
		if (key == null) {
			synchronized (this) {
				key = this.cached.getKeyByKeyId(kid);
				if (key == null && Instant.now().isAfter(this.lastRefresh.plus(this.minRefresh))) {
					refresh();
					key = this.cached.getKeyByKeyId(kid);
				}
			}
		}
		if (key == null) {
			throw new IllegalStateException("Unknown kid " + kid + " and the JWKS may not be fetched again yet");
		}
		JWSVerifier verifier = (key.getKeyType().getValue().equals("EC")) ? new ECDSAVerifier(key.toECKey())
				: new RSASSAVerifier(key.toRSAKey());
		if (!jwt.verify(verifier)) {
			throw new IllegalStateException("Bad signature by kid " + kid);
		}
		if (!this.issuer.equals(jwt.getJWTClaimsSet().getIssuer())
				|| !jwt.getJWTClaimsSet().getAudience().contains(this.audience)
				|| jwt.getJWTClaimsSet().getExpirationTime().before(new Date())) {
			throw new IllegalStateException("Claims do not hold");
		}
	}

	int refreshes() {
		return this.refreshes;
	}

	private synchronized void refresh() {
		try {
			String body = this.http
				.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/jwks")).build(), BodyHandlers.ofString())
				.body();
			this.cached = JWKSet.parse(body);
			this.lastRefresh = Instant.now();
			this.refreshes++;
		}
		catch (Exception ex) {
			throw new IllegalStateException("JWKS fetch failed", ex);
		}
	}

}
