package dev.sigil.agent.token;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import dev.sigil.agent.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RefreshPolicyTests {

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	@Test
	void delayWhenNoIntervalThenBetweenFortyAndSixtyPercentOfLifetime() {
		RefreshPolicy policy = RefreshPolicy.halfLife(new SplittableRandom(7));
		MachineToken token = token(Duration.ofMinutes(10));
		for (int i = 0; i < 1000; i++) {
			assertThat(policy.delay(token)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
		}
	}

	@Test
	void delayWhenNoIntervalThenJittered() {
		RefreshPolicy policy = RefreshPolicy.halfLife(new SplittableRandom(7));
		MachineToken token = token(Duration.ofMinutes(10));
		assertThat(java.util.stream.IntStream.range(0, 50).mapToObj((i) -> policy.delay(token)).distinct().count())
			.isGreaterThan(10);
	}

	@Test
	void delayWhenRandomAtExtremesThenStaysWithinTenthOfLifetimeAroundHalf() {
		assertThat(RefreshPolicy.halfLife(fixed(0.0)).delay(token(Duration.ofMinutes(10))))
			.isEqualTo(Duration.ofMinutes(4));
		assertThat(RefreshPolicy.halfLife(fixed(0.5)).delay(token(Duration.ofMinutes(10))))
			.isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void delayWhenTokenLivesVeryShortlyThenWaitsAtLeastOneSecond() {
		assertThat(RefreshPolicy.halfLife(fixed(0.0)).delay(token(Duration.ofSeconds(1))))
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void delayWhenIntervalThenExactlyIt() {
		RefreshPolicy policy = RefreshPolicy.every(Duration.ofSeconds(2));
		assertThat(policy.delay(token(Duration.ofMinutes(10)))).isEqualTo(Duration.ofSeconds(2));
		assertThat(policy.outlives(Duration.ofMinutes(10))).isFalse();
		assertThat(RefreshPolicy.every(Duration.ofMinutes(10)).outlives(Duration.ofMinutes(10))).isTrue();
		assertThat(RefreshPolicy.halfLife(fixed(0.5)).outlives(Duration.ofSeconds(1))).isFalse();
	}

	@Test
	void everyWhenNotPositiveThenFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> RefreshPolicy.every(Duration.ZERO));
	}

	private static MachineToken token(Duration lifetime) {
		return MachineToken.parse(TestTokens.issued(NOW, lifetime).compact(), NOW);
	}

	private static RandomGenerator fixed(double value) {
		return new RandomGenerator() {

			@Override
			public long nextLong() {
				throw new UnsupportedOperationException();
			}

			@Override
			public double nextDouble() {
				return value;
			}

		};
	}

}
