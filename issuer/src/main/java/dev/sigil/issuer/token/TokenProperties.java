package dev.sigil.issuer.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How machine tokens are made.
 *
 * @param lifetime from {@code iat} to {@code exp}; 10 minutes by default, at most a day
 */
@ConfigurationProperties("sigil.token")
public record TokenProperties(@DefaultValue("10m") Duration lifetime) {

	public TokenProperties {
		if (lifetime.compareTo(Duration.ofSeconds(30)) < 0 || lifetime.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("sigil.token.lifetime must be between 30s and 1d, got " + lifetime);
		}
	}

}
