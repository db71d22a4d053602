package dev.sigil.agent.token;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
