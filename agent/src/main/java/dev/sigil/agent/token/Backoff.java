package dev.sigil.agent.token;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Spaces out retries after consecutive failures: the ceiling doubles from {@code initial}
 * up to {@code max}, and each wait is drawn between half the ceiling and the ceiling, so
 * that machines cut off by the same outage do not come back in step. Not thread-safe: one
 * per retrying task.
 */
public final class Backoff {

	private final Duration initial;

	private final Duration max;

	private final RandomGenerator random;

	private int failures;

	public Backoff(Duration initial, Duration max, RandomGenerator random) {
		if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("Backoff needs 0 < initial <= max, not " + initial + " and " + max);
		}
		this.initial = initial;
		this.max = max;
		this.random = random;
	}

	/** Counts one more failure and returns how long to wait before the next attempt. */
	public Duration next() {
		this.failures++;
		long ceiling = this.initial.toMillis() << Math.min(this.failures - 1, 30);
		ceiling = Math.min(Math.max(ceiling, 0), this.max.toMillis());
		long half = ceiling / 2;
		return Duration.ofMillis(half + (long) (this.random.nextDouble() * (ceiling - half)));
	}

	/** The number of failures in a row since the last success. */
	public int failures() {
		return this.failures;
	}

	/** Forgets the failures after a success. */
	public void reset() {
		this.failures = 0;
	}

}
