package dev.sigil.issuer.token;

import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The audiences a machine may ask for, one by one and together. */
class AudiencesTests {

	private static final String CONTROL = "aud must not contain control characters";

	private static final String SURROGATE = "aud must be well-formed Unicode (no lone surrogates)";

	private static final String EMOJI = "\ud83d\ude00";

	static Stream<Arguments> validOne() {
		return Stream.of(Arguments.of("AWS STS", "sts.amazonaws.com"),
				Arguments.of("Azure", "api://AzureADTokenExchange"),
				Arguments.of("URL with query", "https://vault.example.com/v1/auth?x=\"y\"&z=\\"),
				Arguments.of("one space inside", "my audience"), Arguments.of("single character", "a"),
				Arguments.of("512 characters", "a".repeat(512)),
				Arguments.of("emoji as a pair ending at 512", "a".repeat(510) + EMOJI),
				Arguments.of("line separator (escaped in the token)", "a\u2028b"),
				Arguments.of("non-ASCII letters", "\u00e9t\u00e9-\u6771\u4eac"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validOne")
	void checkWhenAudienceIsUsableThenReturnedUnchanged(String name, String audience) {
		assertThat(Audiences.check(audience)).isSameAs(audience);
	}

	static Stream<Arguments> invalidOne() {
		return Stream.of(Arguments.of("empty", "", "aud must not be empty"),
				Arguments.of("blank", " \t ", "aud must not be empty"),
				Arguments.of("513 characters", "a".repeat(513), "aud must be at most 512 characters"),
				Arguments.of("emoji past 512", "a".repeat(511) + EMOJI, "aud must be at most 512 characters"),
				Arguments.of("NUL", "sts\u0000", CONTROL), Arguments.of("tab", "sts\tx", CONTROL),
				Arguments.of("line feed", "sts\n", CONTROL), Arguments.of("carriage return", "\rsts", CONTROL),
				Arguments.of("unit separator", "sts\u001f", CONTROL), Arguments.of("DEL", "sts\u007f", CONTROL),
				Arguments.of("C1 next line", "sts\u0085", CONTROL), Arguments.of("C1 last", "sts\u009f", CONTROL),
				Arguments.of("lone high surrogate", "sts\ud800", SURROGATE),
				Arguments.of("lone low surrogate", "\udc00sts", SURROGATE),
				Arguments.of("reversed pair", "\ude00\ud83d", SURROGATE),
				Arguments.of("half an emoji at the end", "sts" + EMOJI.charAt(0), SURROGATE));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidOne")
	void checkWhenAudienceIsUnusableThenInvalidAudienceSayingWhy(String name, String audience, String reason) {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> Audiences.check(audience))
			.withMessage(reason)
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.INVALID_AUDIENCE));
	}

	static Stream<Arguments> validAll() {
		return Stream.of(Arguments.of("one", List.of("sts.amazonaws.com")),
				Arguments.of("one with a space", List.of("my audience")),
				Arguments.of("five", List.of("a", "b", "c", "d", "e")),
				Arguments.of("512 characters together", List.of("a".repeat(255), "b".repeat(256))),
				Arguments.of("same letters, other case", List.of("sts", "STS")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validAll")
	void checkAllWhenAudiencesFitOneTokenThenReturnedInOrder(String name, List<String> audiences) {
		assertThat(Audiences.checkAll(audiences)).isEqualTo(audiences);
	}

	static Stream<Arguments> invalidAll() {
		return Stream.of(
				Arguments.of("six", List.of("a", "b", "c", "d", "e", "f"), "aud may name at most 5 audiences, got 6"),
				Arguments.of("six repeats", Collections.nCopies(6, "a"), "aud may name at most 5 audiences, got 6"),
				Arguments.of("repeated", List.of("a", "b", "a"), "aud must not name an audience twice"),
				Arguments.of("space in one of several", List.of("a b", "c"),
						"aud must not contain spaces when several audiences are asked for"),
				Arguments.of("513 characters together", List.of("a".repeat(256), "b".repeat(256)),
						"aud: the audiences must be at most 512 characters together, got 513"),
				Arguments.of("one empty", List.of("a", ""), "aud must not be empty"),
				Arguments.of("one too long", List.of("a", "b".repeat(513)), "aud must be at most 512 characters"),
				Arguments.of("one with a control", List.of("a", "b\n"), CONTROL),
				Arguments.of("one with a lone surrogate", List.of("a", "b\udbff"), SURROGATE));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidAll")
	void checkAllWhenAudiencesDoNotFitOneTokenThenInvalidAudienceSayingWhy(String name, List<String> audiences,
			String reason) {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> Audiences.checkAll(audiences))
			.withMessage(reason)
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.INVALID_AUDIENCE));
	}

}
