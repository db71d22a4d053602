package dev.sigil.agent.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonTests {

	@Test
	void parseWhenJwtPayloadThenReadsEveryKindOfValue() {
		Object value = Json.parse(" {\"aud\":[\"a\",\"b\"], \"exp\": 1700000600, \"ratio\": -1.5e2,"
				+ " \"ok\": true, \"no\": false, \"none\": null, \"nested\": {\"k\": {}}} ");
		assertThat(value).isInstanceOf(Map.class);
		Map<?, ?> object = (Map<?, ?>) value;
		assertThat(object.get("aud")).isEqualTo(List.of("a", "b"));
		assertThat(object.get("exp")).isEqualTo(new BigDecimal("1700000600"));
		assertThat(object.get("ratio")).isEqualTo(new BigDecimal("-1.5e2"));
		assertThat(object.get("ok")).isEqualTo(true);
		assertThat(object.get("no")).isEqualTo(false);
		assertThat(object.containsKey("none")).isTrue();
		assertThat(object.get("none")).isNull();
		assertThat(object.get("nested")).isEqualTo(Map.of("k", Map.of()));
	}

	@Test
	void parseWhenEscapesThenDecodesThem() {
		assertThat(Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\""))
			.isEqualTo("a\"b\\c/d\n\té\uD83D\uDE00");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{", "{\"aud\":", "{\"aud\" \"x\"}", "{aud:\"x\"}", "[1,]", "01", "1.", "-", "tru",
			"\"open", "\"bad \\x escape\"", "\"raw\nnewline\"", "{} {}", "{\"a\":1,}", "\"\\u12\"" })
	void parseWhenNotJsonThenFails(String text) {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse(text));
	}

	@Test
	void parseWhenNestedTooDeeplyThenFails() {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100)))
			.withMessageContaining("nested too deeply");
	}

	@Test
	void parseWhenMemberNameTwiceThenRefusedAtTheSecond() {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse("{\"aud\":\"a\",\"aud\":\"b\"}"))
			.withMessage("Not valid JSON: a member name given twice at offset 11");
	}

	@Test
	void parseWhenLoneSurrogateThenRefused() {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parse("\"\\ud800\""))
			.withMessageContaining("unpaired surrogate");
	}

	@Test
	void parseObjectWhenArrayThenFails() {
		assertThatExceptionOfType(JsonException.class).isThrownBy(() -> Json.parseObject("[1,2]"))
			.withMessageContaining("not a JSON object");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sts.amazonaws.com", "api://AzureADTokenExchange", "quote \" backslash \\ slash /",
			"line\nbreak\rtab\t", "control \u0001\u001f", "unicode é \uD83D\uDE00" })
	void quoteWhenParsedBackThenSameString(String value) {
		String quoted = Json.quote(value);
		assertThat(quoted).startsWith("\"").endsWith("\"").doesNotContain("\n", "\r", "\u0001");
		assertThat(Json.parse(quoted)).isEqualTo(value);
	}

}
