package dev.sigil.issuer.token;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The nonce a machine may have echoed in its token. */
class NoncesTests {

	private static final String CHARACTERS = "nonce must be printable ASCII characters without spaces (0x21-0x7E)";

	@Test
	void checkWhenNoNonceThenNone() {
		assertThat(Nonces.check(null)).isNull();
	}

	static Stream<Arguments> valid() {
		String printable = IntStream.rangeClosed(0x21, 0x7e)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return Stream.of(Arguments.of("8 characters", "abcdefgh"), Arguments.of("128 characters", "n".repeat(128)),
				Arguments.of("every printable ASCII character", printable),
				Arguments.of("base64url", "q7ZgRkS3_-oT1xJm2wW9cA"), Arguments.of("JSON-looking", "{\"a\":\"\\\"}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("valid")
	void checkWhenNonceIsUsableThenReturnedUnchanged(String name, String nonce) {
		assertThat(Nonces.check(nonce)).isSameAs(nonce);
	}

	static Stream<Arguments> invalid() {
		return Stream.of(Arguments.of("empty", "", "nonce must be 8-128 characters, got 0"),
				Arguments.of("7 characters", "abcdefg", "nonce must be 8-128 characters, got 7"),
				Arguments.of("129 characters", "n".repeat(129), "nonce must be 8-128 characters, got 129"),
				Arguments.of("space", "abcd efgh", CHARACTERS), Arguments.of("tab", "abcd\tefgh", CHARACTERS),
				Arguments.of("NUL", "abcdefgh\u0000", CHARACTERS), Arguments.of("line feed", "abcdefgh\n", CHARACTERS),
				Arguments.of("DEL", "abcdefgh\u007f", CHARACTERS),
				Arguments.of("non-ASCII letter", "abcdefg\u00e9", CHARACTERS),
				Arguments.of("line separator", "abcdefg\u2028", CHARACTERS),
				Arguments.of("emoji", "abcdefg\ud83d\ude00", CHARACTERS),
				Arguments.of("lone high surrogate", "abcdefg\ud800", CHARACTERS),
				Arguments.of("lone low surrogate", "\udc00abcdefg", CHARACTERS));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalid")
	void checkWhenNonceIsUnusableThenInvalidRequestSayingWhy(String name, String nonce, String reason) {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> Nonces.check(nonce))
			.withMessage(reason)
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.INVALID_REQUEST));
	}

}
