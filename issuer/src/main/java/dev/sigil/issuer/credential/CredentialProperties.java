package dev.sigil.issuer.credential;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How machine credentials are checked, {@code sigil.credentials.*}.
 *
 * @param cacheTtl the longest a checked credential is served from memory; changes drop it
 * at once on every replica, so this is only the last safety net
 * @param cacheSize the most credentials held in memory
 */
@ConfigurationProperties("sigil.credentials")
public record CredentialProperties(@DefaultValue("60s") Duration cacheTtl, @DefaultValue("100000") long cacheSize) {

	public CredentialProperties {
		if (cacheTtl.isNegative() || cacheTtl.isZero()) {
			throw new IllegalArgumentException("sigil.credentials.cache-ttl must be positive, got " + cacheTtl);
		}
		if (cacheSize < 1) {
			throw new IllegalArgumentException("sigil.credentials.cache-size must be at least 1, got " + cacheSize);
		}
	}

}
