package dev.sigil.server;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With its database gone the platform answers 503 and issues nothing; it recovers by
 * itself.
 */
class DatabaseOutageEndToEndTests extends ServerTestSupport {

	@Test
	void tokenWhenDatabaseDownThen503AndNoTokenThenRecovers() {
		TestMachine machine = this.client.newMachine("outage");
		assertThat(this.client.token(machine.credential(), null).statusCode()).isEqualTo(200);
		TestDatabase database = TestDatabase.get();
		database.allowConnections(false);
		try {
			HttpResponse<String> token = this.client.token(machine.credential(), "{\"aud\":\"during-outage\"}");
			assertThat(token.statusCode()).as(token.body()).isEqualTo(503);
			assertThat(token.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(SigilClient.parse(token.body()).get("type").asString())
				.isEqualTo("urn:sigil:problem:database-unavailable");
			assertThat(token.body()).doesNotContain("eyJ");
			HttpResponse<String> create = this.client.admin("POST", "/api/v1/orgs",
					"{\"slug\":\"" + SigilClient.uniqueSlug("down") + "\",\"name\":\"x\"}");
			assertThat(create.statusCode()).as(create.body()).isEqualTo(503);
		}
		finally {
			database.allowConnections(true);
		}
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.client.token(machine.credential(), null).statusCode() == 200);
		// The management API's pooled connections were cut too; each broken one fails one
		// call.
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.client.admin("GET", "/api/v1/orgs/" + machine.org(), null).statusCode() == 200);
		JsonNode during = SigilClient.parse(
				this.client.admin("GET", "/api/v1/orgs/" + machine.org() + "/tokens?aud=during-outage", null).body());
		assertThat(during.get("items")).isEmpty();
	}

}
