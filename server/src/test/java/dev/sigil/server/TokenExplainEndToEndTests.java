package dev.sigil.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;
import dev.sigil.db.test.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token debugger names the reason a relying party refuses a token, for each usual
 * cause: expired, not yet valid, wrong audience, another org's token, a retired key still
 * published (accepted), a revoked key, an unknown key, a tampered signature, a deleted
 * machine, and an AWS trust policy condition that does not hold. A server of its own,
 * with a clock the test moves.
 */
class TokenExplainEndToEndTests {

	private static TestServer server;

	private static SigilClient client;

	private static TestClock clock;

	@BeforeAll
	static void start() {
		server = TestServer.start("sigil.keys.publish-ahead=1s", "sigil.keys.jwks-cache-time=1s",
				"sigil.issuer.document-max-age=1s");
		client = server.client;
		clock = server.bean(TestClock.class);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void explainWhenTokenIsFineThenValidWithEveryCheckPassed() {
		TestMachine machine = client.newMachine("fine");
		JsonNode answer = explain(machine.org(), client.issueToken(machine.credential(), "sts.amazonaws.com"),
				"sts.amazonaws.com", null);
		assertThat(answer.get("valid").asBoolean()).as(answer.toString()).isTrue();
		assertThat(names(answer)).contains("format", "issuer", "key", "signature", "expiry", "not_before", "audience",
				"ledger", "machine");
	}

	@Test
	void explainWhenExpiredOrNotYetValidThenSaysWhichAgainstServerTime() {
		TestMachine machine = client.newMachine("time");
		String token = client.issueToken(machine.credential(), "a");
		clock.advance(Duration.ofMinutes(11));
		try {
			assertRefused(explain(machine.org(), token, null, null), "expiry", "Expired");
		}
		finally {
			clock.advance(Duration.ofMinutes(-11));
		}
		clock.advance(Duration.ofMinutes(5));
		String early;
		try {
			early = client.issueToken(machine.credential(), "a");
		}
		finally {
			clock.advance(Duration.ofMinutes(-5));
		}
		assertRefused(explain(machine.org(), early, null, null), "not_before", "Not yet valid");
	}

	@Test
	void explainWhenAudienceOrOrgWrongThenSaysSo() {
		TestMachine machine = client.newMachine("aud");
		TestMachine other = client.newMachine("other");
		String token = client.issueToken(machine.credential(), "sts.amazonaws.com");
		assertRefused(explain(machine.org(), token, "vault", null), "audience", "does not include \"vault\"");
		assertRefused(explain(other.org(), token, null, null), "issuer",
				"of org '" + machine.org() + "', not of org '" + other.org() + "'");
	}

	@Test
	void explainWhenKeyRetiredRevokedOrUnknownThenSaysKeyState() {
		TestMachine machine = client.newMachine("keys");
		String first = client.issueToken(machine.credential(), "a");
		clock.advance(Duration.ofSeconds(2));
		assertThat(client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/rotate", null).statusCode())
			.isEqualTo(200);
		JsonNode retired = explain(machine.org(), first, null, null);
		assertThat(retired.get("valid").asBoolean()).as(retired.toString()).isTrue();
		assertThat(retired.get("reason").asString()).contains("retired").contains("still published until");

		String kid = header(first).get("kid").asString();
		assertThat(
				client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/" + kid + "/revoke", null).statusCode())
			.isEqualTo(200);
		assertRefused(explain(machine.org(), first, null, null), "key", "revoked at");

		String second = client.issueToken(machine.credential(), "a");
		String[] parts = second.split("\\.");
		String unknownKid = encode("{\"alg\":\"RS256\",\"kid\":\"no-such-kid\",\"typ\":\"JWT\"}") + "." + parts[1] + "."
				+ parts[2];
		JsonNode unknown = explain(machine.org(), unknownKid, null, null);
		assertRefused(unknown, "key", "has kid no-such-kid");
		assertThat(unknown.get("reason").asString()).contains("the JWKS now holds");
	}

	@Test
	void explainWhenSignatureTamperedThenSaysTokenWasChanged() {
		TestMachine machine = client.newMachine("tamper");
		String token = client.issueToken(machine.credential(), "a");
		String[] parts = token.split("\\.");
		String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String forged = parts[0] + "." + encode(claims.replace(":web-1\"", ":web-2\"")) + "." + parts[2];
		assertThat(forged).isNotEqualTo(token);
		assertRefused(explain(machine.org(), forged, null, null), "signature", "does not verify");
		assertRefused(explain(machine.org(), "not.a.jwt", null, null), "format", "not a signed JWT");
	}

	@Test
	void explainWhenMachineDeletedThenSaysSo() {
		TestMachine machine = client.newMachine("gone");
		String token = client.issueToken(machine.credential(), "a");
		assertThat(
				client.admin("DELETE", "/api/v1/orgs/" + machine.org() + "/apps/web/machines/web-1", null).statusCode())
			.isEqualTo(204);
		assertRefused(explain(machine.org(), token, null, null), "machine", "was deleted at");
	}

	@Test
	void explainWhenAwsTrustPolicyIsAnotherAppsThenNamesTheFailingCondition() {
		TestMachine machine = client.newMachine("aws");
		client.createApp(machine.org(), "api");
		JsonNode policy = SigilClient
			.parse(client.admin("GET",
					"/api/v1/orgs/" + machine.org() + "/apps/api/trust-config/aws?aws_account_id=123456789012", null)
				.body())
			.get("trust_policy");
		String token = client.issueToken(machine.credential(), "sts.amazonaws.com");
		JsonNode answer = explain(machine.org(), token, null, policy);
		assertRefused(answer, "aws_condition", ":sub\" StringLike \"" + machine.org() + ":api:*\"");
		assertThat(answer.get("reason").asString()).contains(machine.org() + ":web:web-1");

		JsonNode own = SigilClient
			.parse(client.admin("GET",
					"/api/v1/orgs/" + machine.org() + "/apps/web/trust-config/aws?aws_account_id=123456789012", null)
				.body())
			.get("trust_policy");
		assertThat(explain(machine.org(), token, null, own).get("valid").asBoolean()).isTrue();
	}

	@Test
	void explainWhenMachineForgesItsIdIntoAnotherMachinesTokenThenLearnsNothingOfIt() {
		TestMachine machine = client.newMachine("forger");
		String victim = client.createMachine(machine.org(), "web", "victim-7").get("credential").asString();
		String token = client.issueToken(victim, "a");
		String[] parts = token.split("\\.");
		JsonNode claims = SigilClient
			.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
		String forged = parts[0] + "."
				+ encode(claims.toString().replace(claims.get("machine_id").asString(), machine.id())) + "." + parts[2];
		var answer = client.send("POST", server.ports.internalPort, "/v1/tokens/explain", machine.credential(),
				"application/json", SigilClient.json(Map.of("token", forged)));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode explanation = SigilClient.parse(answer.body());
		assertRefused(explanation, "signature", "does not verify");
		assertThat(names(explanation)).doesNotContain("ledger", "machine");
		assertThat(answer.body()).doesNotContain("victim-7").doesNotContain(claims.get("jti").asString());

		var notMine = client.send("POST", server.ports.internalPort, "/v1/tokens/explain", machine.credential(),
				"application/json", SigilClient.json(Map.of("token", token)));
		assertThat(notMine.statusCode()).isEqualTo(403);
		var mine = client.send("POST", server.ports.internalPort, "/v1/tokens/explain", machine.credential(),
				"application/json", SigilClient.json(Map.of("token", client.issueToken(machine.credential(), "a"))));
		assertThat(SigilClient.parse(mine.body()).get("valid").asBoolean()).as(mine.body()).isTrue();
	}

	@Test
	void explainWhenBodyIsBadThenRefusedAndTokenNeverEchoed() {
		TestMachine machine = client.newMachine("bad");
		String token = client.issueToken(machine.credential(), "a");
		for (String body : new String[] { "{}", "{\"token\":\"\"}", "{\"token\":\"" + "x".repeat(20000) + "\"}",
				"{\"token\":\"" + token + "\",\"aws_trust_policy\":[1]}" }) {
			var response = client.admin("POST", "/api/v1/orgs/" + machine.org() + "/tokens/explain", body);
			// A body past the API's 8 KB limit is refused before it is read (413).
			assertThat(response.statusCode()).as(body.substring(0, Math.min(60, body.length()))).isIn(400, 413);
			assertThat(response.body()).doesNotContain(token);
		}
		var answer = client.admin("POST", "/api/v1/orgs/" + machine.org() + "/tokens/explain",
				SigilClient.json(Map.of("token", token)));
		assertThat(answer.body()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
		assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	private static JsonNode explain(String org, String token, String audience, JsonNode policy) {
		StringBuilder body = new StringBuilder("{\"token\":").append(SigilClient.json(token));
		if (audience != null) {
			body.append(",\"audience\":").append(SigilClient.json(audience));
		}
		if (policy != null) {
			body.append(",\"aws_trust_policy\":").append(policy);
		}
		var response = client.admin("POST", "/api/v1/orgs/" + org + "/tokens/explain", body.append('}').toString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return SigilClient.parse(response.body());
	}

	private static void assertRefused(JsonNode answer, String check, String reason) {
		assertThat(answer.get("valid").asBoolean()).as(answer.toString()).isFalse();
		JsonNode failed = null;
		for (JsonNode one : answer.get("checks")) {
			if (!one.get("ok").asBoolean()) {
				failed = one;
				break;
			}
		}
		assertThat(failed).as(answer.toString()).isNotNull();
		assertThat(failed.get("name").asString()).as(answer.toString()).isEqualTo(check);
		assertThat(answer.get("reason").asString()).contains(reason);
	}

	private static java.util.List<String> names(JsonNode answer) {
		java.util.List<String> names = new java.util.ArrayList<>();
		answer.get("checks").forEach((check) -> names.add(check.get("name").asString()));
		return names;
	}

	private static JsonNode header(String token) {
		return SigilClient
			.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
	}

	private static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
