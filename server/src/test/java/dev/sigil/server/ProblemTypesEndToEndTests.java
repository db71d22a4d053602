package dev.sigil.server;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error type the committed API description documents is a problem the running API
 * really answers: each is provoked here and checked (status,
 * {@code application/problem+json}, the type), except those that need a failing database
 * or a hostile trigger, which the tests named below provoke and assert.
 * {@code internal-error} is the answer to a failure nobody planned, and none is planned.
 */
class ProblemTypesEndToEndTests extends ServerTestSupport {

	/** Types provoked by a test of their own, which asserts the answer. */
	private static final Map<String, String> PROVOKED_ELSEWHERE = Map.of("rate-limited", "RateLimitEndToEndTests",
			"signing-key-unavailable", "KeyTamperingEndToEndTests", "database-unavailable",
			"DatabaseOutageEndToEndTests", "audit-record-refused", "HostileTrafficEndToEndTests");

	@Test
	void problemTypesWhenDocumentedThenTheApiAnswersEachOne() throws Exception {
		JsonNode description = SigilClient.parse(Files.readString(Path.of("..", "docs", "openapi.json")));
		List<String> documented = new ArrayList<>();
		description.at("/components/schemas/Problem/properties/type/enum")
			.forEach((type) -> documented.add(type.asString().substring("urn:sigil:problem:".length())));
		assertThat(documented).contains("invalid-request", "not-found");

		TestMachine machine = this.client.newMachine("problems");
		Map<String, Supplier<HttpResponse<String>>> provoke = new LinkedHashMap<>();
		provoke.put("invalid-request", () -> this.client.admin("POST", "/api/v1/orgs", "{\"slug\":\"Bad Slug\"}"));
		provoke.put("malformed-json", () -> this.client.admin("POST", "/api/v1/orgs", "{\"slug\":"));
		provoke.put("invalid-audience", () -> this.client.token(machine.credential(), "{\"aud\":5}"));
		provoke.put("unauthenticated",
				() -> this.client.send("GET", PORTS.adminPort, "/api/v1/orgs", null, null, null));
		provoke.put("forbidden", () -> this.client.token(PORTS.adminToken, null));
		provoke.put("not-found", () -> this.client.admin("GET", "/api/v1/orgs/no-such-org", null));
		provoke.put("method-not-allowed",
				() -> this.client.send("GET", PORTS.internalPort, "/v1/tokens/oidc", machine.credential(), null, null));
		provoke.put("conflict", () -> this.client.admin("POST", "/api/v1/orgs",
				"{\"slug\":\"" + machine.org() + "\",\"name\":\"again\"}"));
		provoke.put("payload-too-large",
				() -> this.client.token(machine.credential(), "{\"aud\":\"" + "x".repeat(9000) + "\"}"));
		provoke.put("unsupported-media-type", () -> this.client.send("POST", PORTS.adminPort, "/api/v1/orgs",
				PORTS.adminToken, "text/plain", "{\"slug\":\"x\"}"));

		List<String> unexplained = new ArrayList<>();
		for (String type : documented) {
			if (provoke.containsKey(type)) {
				HttpResponse<String> answer = provoke.get(type).get();
				assertThat(answer.headers().firstValue("Content-Type")).as(type)
					.hasValueSatisfying((value) -> assertThat(value).startsWith("application/problem+json"));
				JsonNode problem = SigilClient.parse(answer.body());
				assertThat(problem.get("type").asString()).as(answer.body()).isEqualTo("urn:sigil:problem:" + type);
				assertThat(problem.get("status").asInt()).isEqualTo(answer.statusCode());
			}
			else if (PROVOKED_ELSEWHERE.containsKey(type)) {
				String test = Files.readString(Path.of("src", "test", "java", "dev", "sigil", "server",
						PROVOKED_ELSEWHERE.get(type) + ".java"));
				assertThat(test).as(PROVOKED_ELSEWHERE.get(type) + " asserts " + type).contains(type);
			}
			else if (!type.equals("internal-error")) {
				unexplained.add(type);
			}
		}
		assertThat(unexplained).as("documented error types no test provokes").isEmpty();
		assertThat(Stream.concat(provoke.keySet().stream(), PROVOKED_ELSEWHERE.keySet().stream()))
			.as("types provoked that the description does not document")
			.allMatch(documented::contains);
	}

}
