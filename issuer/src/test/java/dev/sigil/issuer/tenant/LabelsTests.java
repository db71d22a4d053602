package dev.sigil.issuer.tenant;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
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
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The labels a machine may carry and the label keys an app may copy into its tokens. */
class LabelsTests {

	private static final String KEY_RULE = " must be 1-63 lower-case letters, digits, underscores, dots and hyphens";

	private static final String VALUE_RULE = " must be printable ASCII characters (0x20-0x7E)";

	private static Map<String, String> pairs(int count) {
		return IntStream.range(0, count).boxed().collect(Collectors.toMap((i) -> "k" + i, (i) -> "v" + i));
	}

	private static Map<String, String> one(String key, String value) {
		Map<String, String> labels = new HashMap<>();
		labels.put(key, value);
		return labels;
	}

	@Test
	void checkWhenNoLabelsThenEmpty() {
		assertThat(Labels.check(null)).isEmpty();
	}

	@Test
	void checkWhenValidThenInKeyOrderAndUnmodifiable() {
		Map<String, String> given = new LinkedHashMap<>();
		given.put("team", "payments");
		given.put("a.b-c_d", "");
		given.put("0", "spaces and ~!@#$%^&*()");

		SortedMap<String, String> checked = Labels.check(given);

		assertThat(checked).containsExactly(Map.entry("0", "spaces and ~!@#$%^&*()"), Map.entry("a.b-c_d", ""),
				Map.entry("team", "payments"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> checked.put("x", "y"));
	}

	static Stream<Arguments> validPairs() {
		return Stream.of(Arguments.of("20 pairs", pairs(20)),
				Arguments.of("63-character key", one("k".repeat(63), "v")),
				Arguments.of("256-character value", one("k", "v".repeat(256))),
				Arguments.of("every printable ASCII character",
						one("k", IntStream.rangeClosed(0x20, 0x7e)
							.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
							.toString())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validPairs")
	void checkWhenWithinTheRulesThenKept(String name, Map<String, String> labels) {
		assertThat(Labels.check(labels)).isEqualTo(labels);
	}

	static Stream<Arguments> invalidPairs() {
		return Stream.of(Arguments.of("21 pairs", pairs(21), "labels may have at most 20 pairs, got 21"),
				Arguments.of("empty key", one("", "v"), "label key ''" + KEY_RULE),
				Arguments.of("null key", one(null, "v"), "label key null" + KEY_RULE),
				Arguments.of("upper-case key", one("Team", "v"), "label key 'Team'" + KEY_RULE),
				Arguments.of("key with a space", one("my team", "v"), "label key 'my team'" + KEY_RULE),
				Arguments.of("key with a colon", one("team:x", "v"), "label key 'team:x'" + KEY_RULE),
				Arguments.of("64-character key", one("k".repeat(64), "v"),
						"label key '" + "k".repeat(64) + "'" + KEY_RULE),
				Arguments.of("long key cut in the answer", one("k".repeat(100), "v"),
						"label key '" + "k".repeat(64) + "...'" + KEY_RULE),
				Arguments.of("key with a control shown as ?", one("te\nam", "v"), "label key 'te?am'" + KEY_RULE),
				Arguments.of("key with a lone surrogate shown as ?", one("te\ud800am", "v"),
						"label key 'te?am'" + KEY_RULE),
				Arguments.of("non-ASCII key shown as ?", one("\u00e9quipe", "v"), "label key '?quipe'" + KEY_RULE),
				Arguments.of("null value", one("team", null), "label 'team' must have a string value"),
				Arguments.of("257-character value", one("team", "v".repeat(257)),
						"label 'team' must be at most 256 characters"),
				Arguments.of("tab in value", one("team", "a\tb"), "label 'team'" + VALUE_RULE),
				Arguments.of("NUL in value", one("team", "a\u0000"), "label 'team'" + VALUE_RULE),
				Arguments.of("DEL in value", one("team", "a\u007f"), "label 'team'" + VALUE_RULE),
				Arguments.of("non-ASCII value", one("team", "caf\u00e9"), "label 'team'" + VALUE_RULE),
				Arguments.of("line separator in value", one("team", "a\u2028b"), "label 'team'" + VALUE_RULE),
				Arguments.of("emoji in value", one("team", "\ud83d\ude00"), "label 'team'" + VALUE_RULE),
				Arguments.of("lone surrogate in value", one("team", "a\udc00"), "label 'team'" + VALUE_RULE));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidPairs")
	void checkWhenOutsideTheRulesThenInvalidRequestSayingWhy(String name, Map<String, String> labels, String reason) {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> Labels.check(labels))
			.withMessage(reason)
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.INVALID_REQUEST));
	}

	@Test
	void checkKeysWhenNoneThenEmpty() {
		assertThat(Labels.checkKeys(null)).isEmpty();
	}

	@Test
	void checkKeysWhenRepeatedAndUnorderedThenOnceEachInOrder() {
		assertThat(Labels.checkKeys(List.of("team", "env", "team", "a.b"))).containsExactly("a.b", "env", "team");
	}

	@Test
	void checkKeysWhenTwentyThenAccepted() {
		assertThatNoException().isThrownBy(() -> Labels.checkKeys(pairs(20).keySet()));
	}

	@Test
	void checkKeysWhenMoreThanTwentyThenRefused() {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> Labels.checkKeys(pairs(21).keySet()))
			.withMessage("label_claims may list at most 20 keys, got 21");
	}

	@ParameterizedTest(name = "''{0}''")
	@MethodSource("badKeys")
	void checkKeysWhenKeyBreaksTheRuleThenRefused(String key) {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> Labels.checkKeys(Arrays.asList("team", key)))
			.withMessageEndingWith(KEY_RULE);
	}

	static Stream<String> badKeys() {
		return Stream.of("", null, "Team", "my team", "k".repeat(64), "t\u00e9am");
	}

	static Stream<Arguments> claimed() {
		Map<String, String> labels = Map.of("env", "prod", "team", "payments", "tier", "1");
		return Stream.of(
				Arguments.of("some listed", labels, List.of("team", "env"), Map.of("env", "prod", "team", "payments")),
				Arguments.of("listed key the machine lacks", labels, List.of("team", "region"),
						Map.of("team", "payments")),
				Arguments.of("none listed", labels, List.of(), Map.of()),
				Arguments.of("machine without labels", Map.of(), List.of("team"), Map.of()),
				Arguments.of("all listed", labels, List.of("tier", "team", "env"), labels));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("claimed")
	void claimedWhenAppListsKeysThenOnlyThoseTheMachineHas(String name, Map<String, String> labels, List<String> keys,
			Map<String, String> expected) {
		SortedMap<String, String> claimed = Labels.claimed(labels, keys);

		assertThat(claimed).isEqualTo(expected);
		assertThat(List.copyOf(claimed.keySet())).isSorted();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> claimed.put("x", "y"));
	}

}
