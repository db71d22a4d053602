package dev.sigil.server;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.keystore.rotation.KeyRotationScheduler;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone with write access to the database, but not the KEK, swaps an org's NEXT public
 * key for their own: the running server never publishes it, stops signing for that org
 * (503 naming the kid), reports itself not ready, and records why.
 */
class KeyTamperingEndToEndTests {

	@Test
	void publicKeyWhenSwappedInTheDatabaseThenNeverPublishedOrgAnswers503NotReadyAndAnEvent() throws Exception {
		try (TestServer server = TestServer.start()) {
			SigilClient client = server.client;
			TestMachine machine = client.newMachine("tampered");
			assertThat(client.token(machine.credential(), null).statusCode()).isEqualTo(200);
			JsonNode keys = SigilClient
				.parse(client.admin("GET", "/api/v1/orgs/" + machine.org() + "/keys", null).body());
			String next = keys.get(1).get("kid").asString();
			RSAKey attacker = new RSAKeyGenerator(2048).keyID(next).generate();
			try (Connection owner = TestDatabase.get().connect();
					PreparedStatement swap = owner
						.prepareStatement("update signing_key set public_jwk = ? where kid = ?")) {
				swap.setString(1, attacker.toPublicJWK().toJSONString());
				swap.setString(2, next);
				assertThat(swap.executeUpdate()).isEqualTo(1);
			}
			server.bean(KeyRotationScheduler.class).runOnce();

			String jwks = client.publicGet("/" + machine.org() + "/oauth2/jwks").body();
			assertThat(jwks).doesNotContain(attacker.getModulus().toString());
			HttpResponse<String> refused = client.token(machine.credential(), null);
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.body()).contains("signing-key-unavailable").contains(next);
			assertThat(client.send("GET", server.ports.managementPort, "/actuator/health/readiness", null, null, null)
				.statusCode()).isEqualTo(503);
			org.awaitility.Awaitility.await()
				.untilAsserted(() -> assertThat(SigilClient
					.parse(client.admin("GET", "/api/v1/events?action=key.unusable&org=" + machine.org(), null).body())
					.get("items")
					.findValuesAsString("subject")).contains(next));
			// The emergency procedure: the org's keys are revoked (here with the org),
			// and the server is whole again.
			assertThat(client.admin("DELETE", "/api/v1/orgs/" + machine.org(), null).statusCode()).isEqualTo(204);
			server.bean(KeyRotationScheduler.class).runOnce();
			assertThat(client.send("GET", server.ports.managementPort, "/actuator/health/readiness", null, null, null)
				.statusCode()).isEqualTo(200);
		}
	}

}
