package dev.sigil.agent.token;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sigil.agent.json.Json;

import static org.assertj.core.api.Assertions.assertThat;

class TokenExceptionTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			400 | HTTP 400 request refused (bad request)                              | false
			401 | HTTP 401 credential rejected: revoked, replaced or unknown          | false
			403 | HTTP 403 forbidden                                                  | false
			413 | HTTP 413 request refused (body too large)                           | false
			429 | HTTP 429 too many requests                                          | true
			500 | HTTP 500 platform error                                             | true
			503 | HTTP 503 platform unavailable                                       | true
			""")
	void refusedWhenStatusThenSaysWhatItMeansAndWhetherToRetry(int status, String meaning, boolean transientFailure) {
		TokenException ex = TokenException.refused(status, "application/problem+json", problem("it went wrong"));
		assertThat(ex.getMessage()).isEqualTo(meaning + " (it went wrong)");
		assertThat(ex.isTransient()).isEqualTo(transientFailure);
		assertThat(ex.status()).isEqualTo(status);
		assertThat(new String(ex.body(), StandardCharsets.UTF_8)).contains("it went wrong");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			<html>bad gateway</html>                        | HTTP 503 platform unavailable
			{"title":"Database unavailable"}                | HTTP 503 platform unavailable (Database unavailable)
			{"detail":"two\\nlines"}                        | HTTP 503 platform unavailable (two lines)
			""")
	void refusedWhenBodyNotAProblemThenMessageStaysOneLine(String body, String message) {
		TokenException ex = TokenException.refused(503, "text/html", body.getBytes(StandardCharsets.UTF_8));
		assertThat(ex.getMessage()).isEqualTo(message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					400 | invalid_grant           | the token expired | HTTP 400 token exchange refused (invalid_grant: the token expired)            | false | token-exchange-refused
					401 | invalid_client          | -                 | HTTP 401 token exchange refused (invalid_client)                             | false | token-exchange-refused
					400 | invalid_target          | 'two\\nlines'      | HTTP 400 token exchange refused (invalid_target: two lines)                  | false | token-exchange-refused
					503 | temporarily_unavailable | database down     | HTTP 503 platform unavailable (temporarily_unavailable: database down)       | true  | platform-unavailable
					500 | server_error            | -                 | HTTP 500 platform error (server_error)                                       | true  | platform-error
					""")
	void exchangeRefusedWhenOAuthErrorThenProblemQuotingIt(int status, String error, String description, String message,
			boolean transientFailure, String type) {
		TokenException ex = TokenException.exchangeRefused(status, error,
				(description != null) ? description.replace("\\n", "\n") : null);
		assertThat(ex.getMessage()).isEqualTo(message);
		assertThat(ex.isTransient()).isEqualTo(transientFailure);
		assertThat(ex.status()).isEqualTo(status);
		assertThat(ex.contentType()).isEqualTo("application/problem+json");
		Map<String, Object> problem = Json.parseObject(new String(ex.body(), StandardCharsets.UTF_8));
		assertThat(problem).containsEntry("type", "urn:sigil:problem:" + type)
			.containsEntry("status", BigDecimal.valueOf(status))
			.containsEntry("error", error);
		if (description != null) {
			assertThat(problem.get("error_description")).isEqualTo(description.replace("\\n", "\n"));
		}
		else {
			assertThat(problem).doesNotContainKey("error_description");
		}
		assertThat(TokenException.refused(status, ex.contentType(), ex.body()).getMessage())
			.as("as the socket's client reads it again")
			.isEqualTo(message);
	}

	@ParameterizedTest
	@CsvSource({ "connection refused: http://127.0.0.1:1" })
	void unreachableWhenNoAnswerThenTransientWithoutStatus(String reason) {
		TokenException ex = TokenException.unreachable(reason, null);
		assertThat(ex.getMessage()).isEqualTo(reason);
		assertThat(ex.status()).isZero();
		assertThat(ex.isTransient()).isTrue();
		assertThat(ex.body()).isEmpty();
	}

	private static byte[] problem(String detail) {
		return ("{\"type\":\"urn:sigil:problem:x\",\"title\":\"X\",\"status\":0,\"detail\":\"" + detail + "\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
