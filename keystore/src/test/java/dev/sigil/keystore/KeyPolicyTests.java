package dev.sigil.keystore;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KeyPolicyTests {

	private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

	private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	@Test
	void ofWhenDefaultsThenRetiredKeysOutliveEveryTokenPlusCache() {
		KeyPolicy policy = KeyPolicy.of(properties("30d", "1h", "1h", 10), TEN_MINUTES, FIVE_MINUTES);
		assertThat(policy.retireAfter()).isEqualTo(Duration.ofMinutes(70));
		assertThat(policy.publishAhead()).isEqualTo(Duration.ofHours(1));
	}

	static Stream<Arguments> misfits() {
		return Stream.of(Arguments.of("30d", "1h", "1m", 10, "document-max-age"),
				Arguments.of("30d", "10m", "1h", 10, "publish-ahead"),
				Arguments.of("30m", "1h", "1h", 10, "rotation-period"),
				Arguments.of("5m", "5m", "5m", 10, "token lifetime"),
				Arguments.of("1h", "1h", "1h", 3, "max-published"));
	}

	@ParameterizedTest(name = "rotation {0}, publish-ahead {1}, cache {2}, max {3}")
	@MethodSource("misfits")
	void ofWhenSettingsDoNotFitThenRefusesToStartNamingTheSetting(String rotation, String ahead, String cache, int max,
			String named) {
		assertThatIllegalStateException()
			.isThrownBy(() -> KeyPolicy.of(properties(rotation, ahead, cache, max), TEN_MINUTES, FIVE_MINUTES))
			.withMessageContaining(named);
	}

	private static KeyProperties properties(String rotation, String ahead, String cache, int max) {
		return new KeyProperties(parse(rotation), parse(ahead), parse(cache), max, Duration.ofMinutes(1), 3);
	}

	private static Duration parse(String value) {
		return org.springframework.boot.convert.DurationStyle.SIMPLE.parse(value);
	}

}
