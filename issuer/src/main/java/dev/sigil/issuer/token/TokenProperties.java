package dev.sigil.issuer.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How machine tokens are made.
 *
 * @param lifetime from {@code iat} to {@code exp}; 10 minutes by default, at most a day
 * @param appLifetimeMax the longest lifetime an app may set for its own tokens (an app
 * may choose between {@link #APP_LIFETIME_MIN} and this); keys stay published for the
 * longer of this and {@code lifetime}, so the key policy checks it against the rotation
 * period
 */
@ConfigurationProperties("sigil.token")
public record TokenProperties(@DefaultValue("10m") Duration lifetime, @DefaultValue("60m") Duration appLifetimeMax) {

	/** The shortest lifetime an app may set. */
	public static final Duration APP_LIFETIME_MIN = Duration.ofMinutes(5);

	private static final Duration APP_LIFETIME_CEILING = Duration.ofMinutes(60);

	public TokenProperties {
		if (lifetime.compareTo(Duration.ofSeconds(30)) < 0 || lifetime.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("sigil.token.lifetime must be between 30s and 1d, got " + lifetime);
		}
		if (appLifetimeMax.compareTo(APP_LIFETIME_MIN) < 0 || appLifetimeMax.compareTo(APP_LIFETIME_CEILING) > 0) {
			throw new IllegalArgumentException(
					"sigil.token.app-lifetime-max must be between 5m and 60m, got " + appLifetimeMax);
		}
	}

	/** The longest lifetime any token may have: the platform's or an app's. */
	public Duration longestLifetime() {
		return (this.lifetime.compareTo(this.appLifetimeMax) > 0) ? this.lifetime : this.appLifetimeMax;
	}

}
