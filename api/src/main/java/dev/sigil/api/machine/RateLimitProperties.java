package dev.sigil.api.machine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token-request limits, per replica, {@code sigil.rate-limit.*}; 0 turns a limit off.
 *
 * @param machinePerMinute requests one machine may make a minute (its bucket holds as
 * many, so a burst after a restart passes); an agent refreshes about once every 5 minutes
 * @param orgPerSecond requests all of one org's machines may make a second
 */
@ConfigurationProperties("sigil.rate-limit")
public record RateLimitProperties(@DefaultValue("60") int machinePerMinute, @DefaultValue("1000") int orgPerSecond) {

	public RateLimitProperties {
		if (machinePerMinute < 0 || orgPerSecond < 0) {
			throw new IllegalArgumentException("sigil.rate-limit.machine-per-minute and org-per-second must not be "
					+ "negative (0 turns a limit off)");
		}
	}

}
