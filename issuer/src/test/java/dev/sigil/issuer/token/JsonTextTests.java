package dev.sigil.issuer.token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value written by {@link JsonText} reads back unchanged, through the UTF-8 a token
 * travels in, in the parsers relying parties use.
 */
class JsonTextTests {

	private static final JsonMapper JACKSON = JsonMapper.builder().build();

	/** Values a caller or a stored record could carry into a claim. */
	static Stream<Arguments> hostile() {
		List<Arguments> values = new ArrayList<>();
		IntStream.range(0, 0x20)
			.forEach((c) -> values.add(Arguments.of(String.format("control U+%04X", c), "a" + (char) c + "b")));
		values.add(Arguments.of("DEL", "a\u007fb"));
		values.add(Arguments.of("line separator", "a\u2028b"));
		values.add(Arguments.of("paragraph separator", "a\u2029b"));
		values.add(Arguments.of("quote", "say \"hi\""));
		values.add(Arguments.of("backslash", "C:\\path\\"));
		values.add(Arguments.of("escape sequence as text", "\\u0041\\n\\\""));
		values.add(Arguments.of("lone quote", "\""));
		values.add(Arguments.of("lone backslash", "\\"));
		values.add(Arguments.of("emoji (surrogate pair)", "\ud83d\ude00 ok"));
		values.add(Arguments.of("astral plane characters", "\ud800\udc00\udbff\udfff"));
		values.add(Arguments.of("byte order mark and noncharacter", "\ufeff\uffff"));
		values.add(Arguments.of("latin and CJK", "\u00e9t\u00e9 \u6771\u4eac"));
		values.add(Arguments.of("script end tag", "</script><script>"));
		values.add(Arguments.of("empty", ""));
		values.add(Arguments.of("512 characters of everything", everything(512)));
		return values.stream();
	}

	/**
	 * Every troublesome character in turn, to the length asked for (a pair is never
	 * split).
	 */
	private static String everything(int length) {
		String alphabet = "\"\\/\u0000\u0001\b\f\n\r\t\u001f\u007f\u2028\u2029\ud83d\ude00\u00e9x";
		StringBuilder out = new StringBuilder(length);
		while (out.length() < length) {
			out.append(alphabet);
		}
		out.setLength(length);
		if (Character.isHighSurrogate(out.charAt(length - 1))) {
			out.setCharAt(length - 1, 'x');
		}
		return out.toString();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostile")
	void quoteWhenValueIsHostileThenNimbusReadsItBack(String name, String value) throws Exception {
		assertThat(JSONObjectUtils.parse(onTheWire(value)).get("v")).isEqualTo(value);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostile")
	void quoteWhenValueIsHostileThenJacksonReadsItBack(String name, String value) {
		byte[] utf8 = onTheWire(value).getBytes(StandardCharsets.UTF_8);
		assertThat(JACKSON.readTree(utf8).get("v").asString()).isEqualTo(value);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostile")
	void quoteWhenValueIsHostileThenNoRawControlOrLineSeparatorIsWritten(String name, String value) {
		// RFC 8259 forbids raw controls in a string; U+2028/U+2029 end a line in
		// JavaScript before ES2019, where a claim may be pasted into a script.
		assertThat(JsonText.quote(value).chars()).noneMatch((c) -> c < 0x20 || c == 0x2028 || c == 0x2029);
	}

	@Test
	void quoteWhenControlCharacterThenWrittenAsLowerCaseUnicodeEscape() {
		assertThat(JsonText.quote("\u0000\u001f\n\u2028")).isEqualTo("\"\\u0000\\u001f\\u000a\\u2028\"");
	}

	@Test
	void quoteWhenQuoteAndBackslashThenBackslashEscaped() {
		assertThat(JsonText.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
	}

	@Test
	void quoteWhenPrintableAsciiThenWrittenAsIs() {
		String printable = IntStream.rangeClosed(0x20, 0x7e)
			.filter((c) -> c != '"' && c != '\\')
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		assertThat(JsonText.quote(printable)).isEqualTo("\"" + printable + "\"");
	}

	/**
	 * A lone surrogate has no UTF-8 encoding, so no escape can carry it to every relying
	 * party the same way. The writer is given well-formed text only: every value reaching
	 * it is checked at its boundary (see the rule tables of {@code Names},
	 * {@code Labels}, {@link Audiences} and {@link Nonces}), and the audit entry refuses
	 * a payload that is not well-formed before anything is signed. The writer therefore
	 * passes the surrogate through for that check to see, instead of hiding it in an
	 * ASCII escape.
	 */
	@Test
	void quoteWhenLoneSurrogateThenLeftForTheAuditEntryToRefuse() {
		assertThat(JsonText.quote("a\ud800b")).isEqualTo("\"a\ud800b\"");
		assertThat(JsonText.quote("\udc00")).isEqualTo("\"\udc00\"");
	}

	/**
	 * The member {@code v} holding the value, as a relying party decodes it from UTF-8.
	 */
	private static String onTheWire(String value) {
		byte[] utf8 = ("{\"v\":" + JsonText.quote(value) + "}").getBytes(StandardCharsets.UTF_8);
		return new String(utf8, StandardCharsets.UTF_8);
	}

}
