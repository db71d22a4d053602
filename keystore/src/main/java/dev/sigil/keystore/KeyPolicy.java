package dev.sigil.keystore;

import java.time.Duration;

/**
 * The lifecycle rules keys follow, checked once at start-up against the token lifetime so
 * that no token can outlive its key's publication.
 *
 * @param rotationPeriod how long a key signs before a scheduled rotation
 * @param publishAhead the least time a NEXT key is published before it activates
 * @param retireAfter how long a RETIRED key stays published: token lifetime plus the JWKS
 * cache time
 * @param maxPublished the bound on an org's JWKS
 */
public record KeyPolicy(Duration rotationPeriod, Duration publishAhead, Duration retireAfter, int maxPublished) {

	/**
	 * Builds the policy, refusing settings that do not fit together.
	 * @param tokenLifetime the longest lifetime of a token
	 * @param documentMaxAge the {@code Cache-Control} max-age the JWKS is served with
	 */
	public static KeyPolicy of(KeyProperties keys, Duration tokenLifetime, Duration documentMaxAge) {
		if (keys.jwksCacheTime().compareTo(documentMaxAge) < 0) {
			throw new IllegalStateException("sigil.keys.jwks-cache-time (" + keys.jwksCacheTime()
					+ ") must be at least the JWKS max-age sigil.issuer.document-max-age (" + documentMaxAge + ")");
		}
		if (keys.publishAhead().compareTo(keys.jwksCacheTime()) < 0) {
			throw new IllegalStateException("sigil.keys.publish-ahead (" + keys.publishAhead()
					+ ") must be at least sigil.keys.jwks-cache-time (" + keys.jwksCacheTime()
					+ "), or relying parties with a cached JWKS would meet a key they have never seen");
		}
		if (keys.rotationPeriod().compareTo(keys.publishAhead()) < 0) {
			throw new IllegalStateException("sigil.keys.rotation-period (" + keys.rotationPeriod()
					+ ") must be at least sigil.keys.publish-ahead (" + keys.publishAhead() + ")");
		}
		if (keys.rotationPeriod().compareTo(tokenLifetime) <= 0) {
			throw new IllegalStateException("sigil.keys.rotation-period (" + keys.rotationPeriod()
					+ ") must be longer than the token lifetime sigil.token.lifetime (" + tokenLifetime + ")");
		}
		Duration retireAfter = tokenLifetime.plus(keys.jwksCacheTime());
		long retiredAtOnce = ceilDiv(retireAfter.toMillis(), keys.rotationPeriod().toMillis());
		if (2 + retiredAtOnce > keys.maxPublished()) {
			throw new IllegalStateException("With a token lifetime of " + tokenLifetime + ", a JWKS cache time of "
					+ keys.jwksCacheTime() + " and a rotation period of " + keys.rotationPeriod()
					+ ", scheduled rotations alone would publish " + (2 + retiredAtOnce)
					+ " keys, more than sigil.keys.max-published (" + keys.maxPublished() + ")");
		}
		return new KeyPolicy(keys.rotationPeriod(), keys.publishAhead(), retireAfter, keys.maxPublished());
	}

	private static long ceilDiv(long a, long b) {
		return (a + b - 1) / b;
	}

}
