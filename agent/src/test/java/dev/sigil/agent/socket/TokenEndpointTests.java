package dev.sigil.agent.socket;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sigil.agent.http.HttpMessage;
import dev.sigil.agent.http.HttpReply;
import dev.sigil.agent.json.Json;
import dev.sigil.agent.testsupport.TestTokens;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

import static org.assertj.core.api.Assertions.assertThat;

class TokenEndpointTests {

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	private final List<Optional<String>> asked = new ArrayList<>();

	private final TokenSource platform = (audience) -> {
		this.asked.add(audience);
		return MachineToken.parse(TestTokens.issued(NOW, Duration.ofMinutes(10))
			.claim("aud", audience.orElse("https://sigil.example/acme"))
			.compact(), NOW);
	};

	@Test
	void handleWhenAudienceAskedThenAnswersTokenForIt() throws Exception {
		Answer answer = answer(new TokenEndpoint(this.platform), "POST", "/v1/tokens/oidc", "{\"aud\":\"vault\"}");
		assertThat(answer.status).isEqualTo(200);
		assertThat(answer.headers).contains("Content-Type: text/plain", "Cache-Control: no-store");
		assertThat(TestTokens.claimsOf(answer.body)).containsEntry("aud", "vault");
		assertThat(this.asked).containsExactly(Optional.of("vault"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			none             | none
			'   '            | none
			{}               | none
			{"aud":null}     | none
			{"aud":"a","x":1} | a
			""")
	void handleWhenBodyEmptyOrWithoutAudienceThenAsksPlatformDefault(String body, String audience) throws Exception {
		Answer answer = answer(new TokenEndpoint(this.platform), "POST", "/v1/tokens/oidc", body);
		assertThat(answer.status).isEqualTo(200);
		assertThat(this.asked).containsExactly(Optional.ofNullable(audience));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			POST   | /v1/tokens/oidc  | {"aud":         | 400 | malformed-json
			POST   | /v1/tokens/oidc  | [1,2]           | 400 | invalid-request
			POST   | /v1/tokens/oidc  | {"aud":5}       | 400 | invalid-audience
			POST   | /v1/tokens/oidc  | {"aud":["a"]}   | 400 | invalid-audience
			GET    | /v1/tokens/oidc  | ''              | 405 | method-not-allowed
			PUT    | /v1/tokens/oidc  | ''              | 405 | method-not-allowed
			POST   | /v1/tokens       | ''              | 404 | not-found
			GET    | /                | ''              | 404 | not-found
			""")
	void handleWhenBadRequestThenProblemWithPlatformsType(String method, String path, String body, int status,
			String type) throws Exception {
		Answer answer = answer(new TokenEndpoint(this.platform), method, path, body);
		assertThat(answer.status).isEqualTo(status);
		assertThat(answer.headers).contains("Content-Type: application/problem+json");
		assertThat(Json.parseObject(answer.body)).containsEntry("type", HttpReply.PROBLEM_TYPE_PREFIX + type);
		assertThat(this.asked).isEmpty();
		if (status == 405) {
			assertThat(answer.headers).contains("Allow: POST");
		}
	}

	@Test
	void handleWhenPlatformRefusesThenRelaysItsStatusAndProblem() throws Exception {
		String problem = "{\"type\":\"urn:sigil:problem:unauthenticated\",\"status\":401}";
		TokenSource refusing = (audience) -> {
			throw TokenException.refused(401, "application/problem+json", problem.getBytes(StandardCharsets.UTF_8));
		};
		Answer answer = answer(new TokenEndpoint(refusing), "POST", "/v1/tokens/oidc", "");
		assertThat(answer.status).isEqualTo(401);
		assertThat(answer.headers).contains("Content-Type: application/problem+json", "Cache-Control: no-store");
		assertThat(answer.body).isEqualTo(problem);
	}

	@Test
	void handleWhenPlatformUnreachableThen503WithReason() throws Exception {
		TokenSource unreachable = (audience) -> {
			throw TokenException.unreachable("connection refused: http://sigil:8081", null);
		};
		Answer answer = answer(new TokenEndpoint(unreachable), "POST", "/v1/tokens/oidc", "");
		assertThat(answer.status).isEqualTo(503);
		Map<String, Object> problem = Json.parseObject(answer.body);
		assertThat(problem).containsEntry("type", "urn:sigil:problem:platform-unavailable");
		assertThat((String) problem.get("detail")).contains("connection refused: http://sigil:8081");
	}

	private static Answer answer(TokenEndpoint endpoint, String method, String path, String body) throws Exception {
		String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + ((body != null)
				? "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body : "\r\n");
		HttpReply reply = endpoint
			.handle(HttpMessage.readRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8))));
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		reply.writeTo(out);
		String text = out.toString(StandardCharsets.UTF_8);
		int end = text.indexOf("\r\n\r\n");
		return new Answer(reply.status(), List.of(text.substring(0, end).split("\r\n")), text.substring(end + 4));
	}

	private record Answer(int status, List<String> headers, String body) {
	}

}
