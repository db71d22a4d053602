package dev.sigil.agent.token;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides when a token that was just written should be replaced: after a fixed interval
 * when one is configured, otherwise once about half its lifetime has passed, give or take
 * a tenth of it, so that machines started together do not all ask the platform at the
 * same moment.
 */
public final class RefreshPolicy {

	private static final double JITTER = 0.1;

	private static final Duration SHORTEST = Duration.ofSeconds(1);

	private final Duration interval;

	private final RandomGenerator random;

	private RefreshPolicy(Duration interval, RandomGenerator random) {
		this.interval = interval;
		this.random = random;
	}

	/** Renews every {@code interval}, whatever the token's lifetime. */
	public static RefreshPolicy every(Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("The refresh interval must be positive, not " + interval);
		}
		return new RefreshPolicy(interval, null);
	}

	/** Renews when between 40% and 60% of the token's lifetime has passed. */
	public static RefreshPolicy halfLife(RandomGenerator random) {
		return new RefreshPolicy(null, random);
	}

	/** How long after receiving the token to replace it. */
	public Duration delay(MachineToken token) {
		if (this.interval != null) {
			return this.interval;
		}
		double fraction = 0.5 + (this.random.nextDouble() * 2 - 1) * JITTER;
		Duration delay = Duration.ofMillis((long) (token.lifetime().toMillis() * fraction));
		return (delay.compareTo(SHORTEST) < 0) ? SHORTEST : delay;
	}

	/** Whether a token of this lifetime would expire before it is replaced. */
	public boolean outlives(Duration lifetime) {
		return this.interval != null && this.interval.compareTo(lifetime) >= 0;
	}

}
