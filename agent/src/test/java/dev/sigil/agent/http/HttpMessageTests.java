package dev.sigil.agent.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HttpMessageTests {

	@Test
	void readRequestWhenBodyWithContentLengthThenReadsIt() throws Exception {
		HttpMessage request = HttpMessage.readRequest(stream("POST /v1/tokens/oidc?x=1 HTTP/1.1\r\nHost: localhost\r\n"
				+ "content-length: 16\r\nX-Twice: a\r\nX-Twice: b\r\n\r\n{\"aud\":\"vault\"}\nextra"));
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v1/tokens/oidc");
		assertThat(request.header("Content-Length")).contains("16");
		assertThat(request.header("x-twice")).contains("a, b");
		assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"aud\":\"vault\"}\n");
	}

	@Test
	void readRequestWhenNoContentLengthThenEmptyBody() throws Exception {
		HttpMessage request = HttpMessage.readRequest(stream("POST /v1/tokens/oidc HTTP/1.0\r\n\r\n"));
		assertThat(request.body()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			GET /\\r\\n\\r\\n                                                   | 400
			GET / HTTP/2\\r\\n\\r\\n                                            | 400
			POST / HTTP/1.1\\r\\nno colon here\\r\\n\\r\\n                      | 400
			POST / HTTP/1.1\\r\\nContent-Length: x\\r\\n\\r\\n                  | 400
			POST / HTTP/1.1\\r\\nContent-Length: 1\\r\\nContent-Length: 1\\r\\n\\r\\nx | 400
			POST / HTTP/1.1\\r\\nContent-Length: 10\\r\\n\\r\\nshort           | 400
			POST / HTTP/1.1\\r\\nContent-Length: 8193\\r\\n\\r\\n               | 413
			POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n         | 411
			POST / HTTP/1.1\\r\\nHost: x                                        | 400
			""")
	void readRequestWhenMalformedThenTellsStatusToAnswer(String text, int status) {
		String request = text.replace("\\r\\n", "\r\n");
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> HttpMessage.readRequest(stream(request)))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(status));
	}

	@Test
	void readRequestWhenHeaderSectionHugeThenRefusedBeforeReadingItAll() {
		String request = "POST / HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> HttpMessage.readRequest(stream(request)))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(431));
	}

	@Test
	void readResponseWhenNoContentLengthThenBodyRunsToEnd() throws Exception {
		HttpMessage response = HttpMessage.readResponse(stream(
				"HTTP/1.1 401 Unauthorized\r\n" + "Content-Type: application/problem+json\r\n\r\n{\"status\":401}"));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("content-type")).contains("application/problem+json");
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":401}");
	}

	@Test
	void writeToWhenTokenThenPlainTextNeverCachedAndClosed() throws Exception {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		HttpReply.token("a.b.c").writeTo(out);
		HttpMessage response = HttpMessage.readResponse(new ByteArrayInputStream(out.toByteArray()));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).contains("text/plain");
		assertThat(response.header("Cache-Control")).contains("no-store");
		assertThat(response.header("Connection")).contains("close");
		assertThat(response.header("Content-Length")).contains("5");
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("a.b.c");
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
	}

}
