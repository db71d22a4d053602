package dev.sigil.keystore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The signing-key lifecycle settings, {@code sigil.keys.*}.
 *
 * @param rotationPeriod how long a key signs before the scheduled rotation replaces it
 * @param publishAhead the least time a NEXT key is in the JWKS before it may become
 * ACTIVE
 * @param jwksCacheTime the longest time relying parties are expected to cache a JWKS
 * @param maxPublished the most keys an org's JWKS may hold
 * @param checkInterval how often the rotation job looks for due rotations, expired keys
 * and keys to re-wrap
 * @param failureThreshold consecutive failures of the rotation job that turn readiness
 * DOWN
 */
@ConfigurationProperties("sigil.keys")
public record KeyProperties(@DefaultValue("30d") Duration rotationPeriod, @DefaultValue("1h") Duration publishAhead,
		@DefaultValue("1h") Duration jwksCacheTime, @DefaultValue("10") int maxPublished,
		@DefaultValue("1m") Duration checkInterval, @DefaultValue("3") int failureThreshold) {

	public KeyProperties {
		positive("rotation-period", rotationPeriod);
		positive("check-interval", checkInterval);
		if (publishAhead.isNegative() || jwksCacheTime.isNegative()) {
			throw new IllegalArgumentException("sigil.keys.publish-ahead and jwks-cache-time must not be negative");
		}
		if (maxPublished < 3) {
			throw new IllegalArgumentException("sigil.keys.max-published must be at least 3, got " + maxPublished);
		}
		if (failureThreshold < 1) {
			throw new IllegalArgumentException("sigil.keys.failure-threshold must be at least 1");
		}
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException("sigil.keys." + name + " must be positive, got " + value);
		}
	}

}
