package dev.sigil.agent.token;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTests {

	@Test
	void nextWhenFailuresRepeatThenCeilingDoublesUpToMax() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(3));
		long[] ceilings = { 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 };
		for (long ceiling : ceilings) {
			assertThat(backoff.next().toMillis()).isBetween(ceiling / 2, ceiling);
		}
		assertThat(backoff.failures()).isEqualTo(ceilings.length);
	}

	@Test
	void nextWhenManyFailuresThenNeverOverflows() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(3));
		for (int i = 0; i < 5; i++) {
			backoff.next();
		}
		for (int i = 0; i < 200; i++) {
			assertThat(backoff.next()).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
		}
	}

	@Test
	void nextWhenSameFailureCountThenJittered() {
		SplittableRandom random = new SplittableRandom(11);
		long distinct = java.util.stream.IntStream.range(0, 20).mapToObj((i) -> {
			Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), random);
			backoff.next();
			backoff.next();
			return backoff.next();
		}).distinct().count();
		assertThat(distinct).isGreaterThan(5);
	}

	@Test
	void resetWhenSucceededThenStartsOver() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(3));
		backoff.next();
		backoff.next();
		backoff.next();
		backoff.reset();
		assertThat(backoff.failures()).isZero();
		assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void constructorWhenMaxBelowInitialThenFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(1), new SplittableRandom()));
	}

}
