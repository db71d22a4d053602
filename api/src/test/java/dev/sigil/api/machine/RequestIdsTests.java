package dev.sigil.api.machine;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller's request id is kept when it is safe on a log line and in a header, and
 * replaced otherwise.
 */
class RequestIdsTests {

	@ParameterizedTest(name = "''{0}''")
	@ValueSource(strings = { "abcdefgh", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			"f47ac10b-58cc-4372-a567-0e02b2c3d479", "1-5759e988_bd862e3f.e1be23", "........" })
	void ofWhenCallerSentAUsableIdThenKept(String given) {
		assertThat(RequestIds.of(given)).isSameAs(given);
	}

	static Stream<String> unusable() {
		return Stream.of("", "abcdefg", "a".repeat(65), "abcd efgh", "abcdefgh\r\nX-Injected: 1", "abcdefgh\n",
				"abcdefgh;", "Root=1-5759e988", "abcd/efgh", "{\"json\":1}", "abcdefg\u00e9", "abcdefgh\u2028",
				"abcdefg\ud800", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668");
	}

	@ParameterizedTest(name = "''{0}''")
	@NullSource
	@MethodSource("unusable")
	void ofWhenCallerSentNoUsableIdThenANewOneOfSixteenHexDigits(String given) {
		assertThat(RequestIds.of(given)).matches("[0-9a-f]{16}").isNotEqualTo(given);
	}

	@Test
	void ofWhenNewIdsThenEachDifferentAndUsableInTurn() {
		String first = RequestIds.of(null);
		String second = RequestIds.of(null);

		assertThat(first).isNotEqualTo(second);
		assertThat(RequestIds.of(first)).isSameAs(first);
	}

}
