package dev.sigil.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;
import dev.sigil.db.test.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Management API tokens with a scope, an expiry and revocation, on two replicas: an
 * org-admin token is kept inside its org (another org is not found; org creation
 * forbidden), and a revoked or expired token is refused by every replica at once.
 */
class ApiTokensEndToEndTests {

	private static TestServer first;

	private static TestServer second;

	@BeforeAll
	static void startTwoReplicas() {
		first = TestServer.start();
		second = TestServer.start();
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
	}

	@Test
	void orgAdminTokenWhenUsedOnAnotherOrgThenNotFoundAndOnOrgCreationForbidden() {
		SigilClient admin = first.client;
		TestMachine mine = admin.newMachine("mine");
		TestMachine theirs = admin.newMachine("theirs");
		JsonNode created = create(admin, "{\"name\":\"" + SigilClient.uniqueSlug("ci") + "\",\"role\":\"org-admin\","
				+ "\"org\":\"" + mine.org() + "\",\"expires_in_seconds\":3600}");
		String token = created.get("token").asString();
		assertThat(created.get("role").asString()).isEqualTo("org-admin");
		assertThat(created.get("org").asString()).isEqualTo(mine.org());
		assertThat(created.get("expires_at").asString()).isNotBlank();

		String other = "/api/v1/orgs/" + theirs.org();
		for (String[] call : List.of(new String[] { "GET", other }, new String[] { "DELETE", other },
				new String[] { "GET", other + "/apps" }, new String[] { "POST", other + "/apps" },
				new String[] { "GET", other + "/apps/web" }, new String[] { "GET", other + "/apps/web/machines" },
				new String[] { "POST", other + "/apps/web/machines" },
				new String[] { "GET", other + "/apps/web/machines/web-1" },
				new String[] { "PATCH", other + "/apps/web/machines/web-1" },
				new String[] { "DELETE", other + "/apps/web/machines/web-1" },
				new String[] { "POST", other + "/apps/web/machines/web-1/credential" },
				new String[] { "GET", other + "/keys" }, new String[] { "POST", other + "/keys/rotate" },
				new String[] { "POST", other + "/keys/any/revoke" }, new String[] { "GET", other + "/tokens" },
				new String[] { "GET", "/api/v1/orgs/no-such-org" })) {
			HttpResponse<String> answer = as(admin, token, call[0], call[1], "{\"name\":\"x\"}");
			assertThat(answer.statusCode()).as(call[0] + " " + call[1] + ": " + answer.body()).isEqualTo(404);
		}
		assertThat(admin.token(theirs.credential(), null).statusCode()).as("the other org's machine still works")
			.isEqualTo(200);
		assertThat(as(admin, token, "POST", "/api/v1/orgs",
				"{\"slug\":\"" + SigilClient.uniqueSlug("new") + "\",\"name\":\"x\"}")
			.statusCode()).isEqualTo(403);
		assertThat(as(admin, token, "POST", "/api/v1/api-tokens", "{\"name\":\"escalate\",\"role\":\"platform-admin\"}")
			.statusCode()).isEqualTo(403);
		JsonNode orgs = SigilClient.parse(as(admin, token, "GET", "/api/v1/orgs", null).body());
		assertThat(orgs.findValuesAsString("slug")).containsExactly(mine.org());
		assertThat(as(admin, token, "POST", "/api/v1/orgs/" + mine.org() + "/apps", "{\"name\":\"api\"}").statusCode())
			.isEqualTo(201);
		JsonNode listed = SigilClient.parse(admin.admin("GET", "/api/v1/api-tokens", null).body());
		JsonNode row = find(listed, created.get("id").asString());
		assertThat(row.has("token")).as("a listed token never shows its secret").isFalse();
		assertThat(listed.toString()).doesNotContain(token);
		assertThat(row.get("last_used_at").asString()).isNotBlank();
		JsonNode events = SigilClient.parse(admin.admin("GET", "/api/v1/events?action=api-token.created", null).body());
		assertThat(events.get("items").findValuesAsString("subject")).contains(created.get("name").asString());
	}

	@Test
	void tokenWhenRevokedOnOneReplicaThenEveryReplicaRefusesItAtOnce() {
		TestMachine mine = first.client.newMachine("revoked");
		JsonNode created = create(first.client, "{\"name\":\"" + SigilClient.uniqueSlug("rv")
				+ "\",\"role\":\"org-admin\"," + "\"org\":\"" + mine.org() + "\"}");
		String token = created.get("token").asString();
		String path = "/api/v1/orgs/" + mine.org();
		assertThat(as(second.client, token, "GET", path, null).statusCode()).isEqualTo(200);
		assertThat(
				first.client.admin("DELETE", "/api/v1/api-tokens/" + created.get("id").asString(), null).statusCode())
			.isEqualTo(204);
		assertThat(as(second.client, token, "GET", path, null).statusCode()).isEqualTo(401);
		assertThat(as(first.client, token, "GET", path, null).statusCode()).isEqualTo(401);
	}

	@Test
	void tokenWhenPastItsExpiryThenRefused() {
		TestMachine mine = first.client.newMachine("expiring");
		JsonNode created = create(first.client, "{\"name\":\"" + SigilClient.uniqueSlug("ex")
				+ "\",\"role\":\"org-admin\"," + "\"org\":\"" + mine.org() + "\",\"expires_in_seconds\":120}");
		String token = created.get("token").asString();
		String path = "/api/v1/orgs/" + mine.org();
		assertThat(as(second.client, token, "GET", path, null).statusCode()).isEqualTo(200);
		second.bean(TestClock.class).advance(Duration.ofMinutes(3));
		try {
			assertThat(as(second.client, token, "GET", path, null).statusCode()).isEqualTo(401);
		}
		finally {
			second.bean(TestClock.class).advance(Duration.ofMinutes(-3));
		}
	}

	@Test
	void createWhenBadInputThenProblemNamingTheRule() {
		assertThat(first.client.admin("POST", "/api/v1/api-tokens", "{\"name\":\"x\",\"role\":\"root\"}").statusCode())
			.isEqualTo(400);
		assertThat(first.client.admin("POST", "/api/v1/api-tokens", "{\"name\":\"x\",\"role\":\"org-admin\"}")
			.statusCode()).as("an org admin needs an org").isEqualTo(400);
		assertThat(first.client
			.admin("POST", "/api/v1/api-tokens",
					"{\"name\":\"x\",\"role\":\"platform-admin\",\"expires_in_seconds\":5}")
			.statusCode()).isEqualTo(400);
		assertThat(first.client.admin("DELETE", "/api/v1/api-tokens/not-a-uuid", null).statusCode()).isEqualTo(404);
	}

	private static JsonNode create(SigilClient client, String body) {
		HttpResponse<String> answer = client.admin("POST", "/api/v1/api-tokens", body);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		assertThat(answer.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		return SigilClient.parse(answer.body());
	}

	private static HttpResponse<String> as(SigilClient client, String token, String method, String path, String body) {
		TestPorts ports = (client == first.client) ? first.ports : second.ports;
		return client.send(method, ports.adminPort, path, token, (body != null) ? "application/json" : null, body);
	}

	private static JsonNode find(JsonNode list, String id) {
		for (JsonNode row : list) {
			if (row.get("id").asString().equals(id)) {
				return row;
			}
		}
		throw new AssertionError("No token " + id + " in " + list);
	}

}
