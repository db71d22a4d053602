package dev.sigil.agent.json;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The parser against a conformance table in the manner of JSONTestSuite: a {@code y_}
 * case must parse to the value given, an {@code n_} case must be refused with a
 * {@link JsonException}. Where RFC 8259 leaves the choice to the parser, the table
 * records the agent's: duplicate member names, a byte order mark, unpaired surrogates and
 * nesting past 32 levels are refused; scalars at the top level are accepted.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259: JSON</a>
 */
class JsonConformanceTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void parseWhenTableCaseThenAcceptedWithValueOrRefused(String name, String text, Object expected) {
		if (name.startsWith("y_")) {
			assertThat(Json.parse(text)).isEqualTo(expected);
		}
		else {
			assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse(text));
		}
	}

	static Stream<Arguments> table() {
		return Stream.of(numbers(), strings(), structure(), literals()).flatMap((cases) -> cases);
	}

	private static Stream<Arguments> numbers() {
		return Stream.of(y("y_number_zero", "0", number("0")), y("y_number_negative_zero", "-0", number("-0")),
				y("y_number_negative_int", "-123", number("-123")), y("y_number_fraction", "1.5", number("1.5")),
				y("y_number_zero_fraction", "0.25", number("0.25")), y("y_number_exponent", "1e3", number("1e3")),
				y("y_number_capital_exponent", "1E3", number("1e3")),
				y("y_number_exponent_plus", "2e+2", number("2e2")),
				y("y_number_exponent_minus", "2e-2", number("0.02")),
				y("y_number_fraction_exponent", "-1.5e2", number("-1.5e2")),
				y("y_number_exponent_leading_zeros", "1e007", number("1e7")),
				y("y_number_beyond_double", "1e400", number("1e400")),
				y("y_number_beyond_long", "123456789012345678901234567890", number("123456789012345678901234567890")),
				y("y_number_many_fraction_digits", "0." + "1".repeat(400), number("0." + "1".repeat(400))),
				n("n_number_leading_zero", "01"), n("n_number_negative_leading_zero", "-01"),
				n("n_number_leading_zeros", "007"), n("n_number_minus_alone", "-"), n("n_number_minus_space", "- 1"),
				n("n_number_plus", "+1"), n("n_number_dot_end", "1."), n("n_number_dot_start", ".1"),
				n("n_number_dot_exponent", "1.e3"), n("n_number_exponent_empty", "1e"),
				n("n_number_exponent_sign_only", "1e+"), n("n_number_exponent_alone", "e3"),
				n("n_number_two_dots", "1.2.3"), n("n_number_hex", "0x10"), n("n_number_underscore", "1_000"),
				n("n_number_nan", "NaN"), n("n_number_infinity", "Infinity"),
				n("n_number_negative_infinity", "-Infinity"), n("n_number_fullwidth_digit", "\uFF11"),
				n("n_number_arabic_indic_digit", "\u0661"), n("n_number_exponent_out_of_range", "1e99999999999"),
				n("n_number_exponent_out_of_range_negative", "1e-99999999999"),
				n("n_number_in_array_leading_zero", "[01]"));
	}

	private static Stream<Arguments> strings() {
		return Stream.of(y("y_string_empty", "\"\"", ""),
				y("y_string_simple_escapes", "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", "\" \\ / \b \f \n \r \t"),
				y("y_string_unicode_escape", "\"\\u00e9\\u00E9\"", "\u00e9\u00e9"),
				y("y_string_escaped_nul", "\"\\u0000\"", "\u0000"),
				y("y_string_surrogate_pair", "\"\\ud83d\\ude00\"", "\uD83D\uDE00"),
				y("y_string_surrogate_pair_upper_case", "\"\\uD834\\uDD1E\"", "\uD834\uDD1E"),
				y("y_string_raw_astral", "\"\uD83D\uDE00\"", "\uD83D\uDE00"),
				y("y_string_raw_del", "\"\u007f\"", "\u007f"),
				y("y_string_raw_non_ascii", "\"\u00e9\u4e2d\"", "\u00e9\u4e2d"),
				y("y_string_raw_line_separator", "\"\u2028\"", "\u2028"), n("n_string_unterminated", "\"open"),
				n("n_string_single_quotes", "'x'"), n("n_string_raw_newline", "\"a\nb\""),
				n("n_string_raw_tab", "\"a\tb\""), n("n_string_raw_nul", "\"a\u0000b\""),
				n("n_string_raw_unit_separator", "\"\u001f\""), n("n_string_escape_x", "\"\\x41\""),
				n("n_string_escape_apostrophe", "\"\\'\""), n("n_string_escape_capital_u", "\"\\U0041\""),
				n("n_string_escape_a", "\"\\a\""), n("n_string_escape_at_end", "\"\\"),
				n("n_string_escaped_raw_newline", "\"\\\n\""), n("n_string_unicode_short", "\"\\u12\""),
				n("n_string_unicode_bad_digit", "\"\\u00G1\""),
				n("n_string_unicode_fullwidth_digits", "\"\\u\uFF10\uFF10\uFF14\uFF11\""),
				n("n_string_unicode_sign", "\"\\u+041\""), n("n_string_lone_high_surrogate", "\"\\ud800\""),
				n("n_string_lone_low_surrogate", "\"\\udc00\""),
				n("n_string_high_surrogate_then_letter", "\"\\ud800x\""),
				n("n_string_high_surrogate_then_escaped_letter", "\"\\ud800\\u0041\""),
				n("n_string_two_high_surrogates", "\"\\ud800\\ud800\""),
				n("n_string_low_then_high_surrogate", "\"\\udc00\\ud800\""),
				n("n_string_raw_lone_high_surrogate", "\"\uD800\""), n("n_string_raw_lone_low_surrogate", "\"\uDC00\""),
				n("n_string_escaped_high_raw_low", "\"\\ud83d\uDE00\""));
	}

	private static Stream<Arguments> structure() {
		return Stream.of(y("y_structure_empty_object", "{}", Map.of()), y("y_structure_empty_array", "[]", List.of()),
				y("y_structure_top_level_string", "\"s\"", "s"), y("y_structure_top_level_number", "42", number("42")),
				y("y_structure_top_level_true", "true", true), y("y_structure_top_level_false", "false", false),
				y("y_structure_top_level_null", "null", null),
				y("y_structure_members_in_order", "{\"b\":1,\"a\":[true,null]}",
						object("b", number("1"), "a", Arrays.asList(true, null))),
				y("y_structure_whitespace_kinds",
						" \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n} \t\r\n",
						object("a", List.of(number("1"), number("2")))),
				y("y_structure_empty_key", "{\"\":0}", object("", number("0"))),
				y("y_structure_keys_differing_by_escape_only", "{\"a\":1,\"\\u0062\":2}",
						object("a", number("1"), "b", number("2"))),
				y("y_structure_nested_32_arrays", "[".repeat(32) + "]".repeat(32), nestedArrays(32)),
				y("y_structure_nested_32_objects", "{\"k\":".repeat(31) + "{}" + "}".repeat(31), nestedObjects(32)),
				n("n_structure_empty_text", ""), n("n_structure_whitespace_only", " \n"),
				n("n_structure_nested_33_arrays", "[".repeat(33) + "]".repeat(33)),
				n("n_structure_nested_33_objects", "{\"k\":".repeat(32) + "{}" + "}".repeat(32)),
				n("n_structure_nested_33_value_inside", "[".repeat(32) + "{\"k\":1}" + "]".repeat(32)),
				n("n_structure_nested_deep", "[".repeat(100_000)), n("n_structure_array_trailing_comma", "[1,]"),
				n("n_structure_object_trailing_comma", "{\"a\":1,}"), n("n_structure_array_leading_comma", "[,1]"),
				n("n_structure_array_double_comma", "[1,,2]"), n("n_structure_array_missing_comma", "[1 2]"),
				n("n_structure_object_missing_colon", "{\"a\" 1}"), n("n_structure_object_missing_value", "{\"a\":}"),
				n("n_structure_object_unquoted_key", "{a:1}"), n("n_structure_object_number_key", "{1:1}"),
				n("n_structure_object_duplicate_key", "{\"a\":1,\"a\":2}"),
				n("n_structure_object_duplicate_key_by_escape", "{\"a\":1,\"\\u0061\":2}"),
				n("n_structure_nested_duplicate_key", "[{\"aud\":\"x\",\"aud\":\"y\"}]"),
				n("n_structure_unclosed_array", "[1"), n("n_structure_unclosed_object", "{\"a\":1"),
				n("n_structure_unclosed_empty_object", "{"), n("n_structure_close_only", "]"),
				n("n_structure_mismatched_close", "[1}"), n("n_structure_trailing_value", "{} {}"),
				n("n_structure_trailing_number", "1 2"), n("n_structure_trailing_garbage", "[1]x"),
				n("n_structure_trailing_comma_after_value", "{},"), n("n_structure_trailing_nul", "{}\u0000"),
				n("n_structure_bom_object", "\uFEFF{}"), n("n_structure_bom_only", "\uFEFF"),
				n("n_structure_form_feed_whitespace", "\f[]"), n("n_structure_vertical_tab_whitespace", "[\u000b]"),
				n("n_structure_no_break_space_whitespace", "[\u00a0]"),
				n("n_structure_line_separator_whitespace", "[\u2028]"), n("n_structure_comment", "[] // note"),
				n("n_structure_block_comment", "[/* note */]"));
	}

	private static Stream<Arguments> literals() {
		return Stream.of(y("y_literals_in_array", "[true,false,null]", Arrays.asList(true, false, null)),
				n("n_literal_tru", "tru"), n("n_literal_nul", "nul"), n("n_literal_fals", "fals"),
				n("n_literal_true_in_array_cut", "[tru]"), n("n_literal_capital_true", "True"),
				n("n_literal_capital_null", "NULL"), n("n_literal_true_then_letter", "truex"),
				n("n_literal_true_then_letter_in_array", "[truex]"), n("n_literal_undefined", "undefined"));
	}

	private static Arguments y(String name, String text, Object expected) {
		return Arguments.of(name, text, expected);
	}

	private static Arguments n(String name, String text) {
		return Arguments.of(name, text, null);
	}

	/**
	 * BigDecimal's equals counts the scale: the parser keeps the number as written, so
	 * compare that way.
	 */
	private static BigDecimal number(String text) {
		return new BigDecimal(text);
	}

	private static Map<String, Object> object(Object... namesAndValues) {
		Map<String, Object> object = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			object.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return object;
	}

	private static Object nestedArrays(int depth) {
		Object value = List.of();
		for (int i = 1; i < depth; i++) {
			value = Collections.singletonList(value);
		}
		return value;
	}

	private static Object nestedObjects(int depth) {
		Object value = Map.of();
		for (int i = 1; i < depth; i++) {
			value = Map.of("k", value);
		}
		return value;
	}

}
