package dev.sigil.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;

import tools.jackson.databind.JsonNode;

import dev.sigil.db.test.SoftHsm;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas as separate processes on one database and one SoftHSM token, each with its
 * own PKCS#11 sessions: a key one makes in the token signs on the other, both publish the
 * same JWKS, and a key made by a rotation on the second is published by the first.
 */
@Tag("process")
class Pkcs11ReplicaProcessTests {

	@Test
	void replicasWhenSeparateProcessesShareTheTokenThenSameJwksAndSigningKey() throws Exception {
		SoftHsm.Token token = SoftHsm.token();
		TestPorts firstPorts = new TestPorts();
		TestPorts secondPorts = new TestPorts();
		Map<String, String> hsm = Map.ofEntries(Map.entry("SIGIL_KEY_STORE", "pkcs11"),
				Map.entry("SIGIL_PKCS11_LIBRARY", token.library().toString()),
				Map.entry("SIGIL_PKCS11_TOKEN_LABEL", token.label()), Map.entry("SIGIL_PKCS11_PIN", token.pin()),
				Map.entry("SIGIL_KEYS_PUBLISH_AHEAD", "2s"), Map.entry("SIGIL_KEYS_JWKS_CACHE_TIME", "2s"),
				Map.entry("SIGIL_ISSUER_DOCUMENT_MAX_AGE", "1s"));
		Map<String, String> behindOneAddress = new HashMap<>(hsm);
		behindOneAddress.put("SIGIL_ISSUER_BASE_URL", "http://localhost:" + firstPorts.publicPort);
		try (ServerProcess first = ServerProcess.start("hsm-first", firstPorts, hsm);
				ServerProcess second = ServerProcess.start("hsm-second", secondPorts, behindOneAddress)) {
			TestMachine machine = first.client.newMachine("hsm-processes");
			try {
				JwtDecoder decoder = JwtDecoders.fromIssuerLocation(firstPorts.issuer(machine.org()));
				String fromFirst = first.client.issueToken(machine.credential(), null);
				String fromSecond = second.client.issueToken(machine.credential(), null);
				assertThat(kid(fromSecond)).as("the second process signs with the key the first made in the token")
					.isEqualTo(kid(fromFirst));
				decoder.decode(fromFirst);
				decoder.decode(fromSecond);
				String jwks = "/" + machine.org() + "/oauth2/jwks";
				assertThat(kids(second, jwks)).isEqualTo(kids(first, jwks)).hasSize(2);

				Thread.sleep(2100);
				JsonNode rotation = SigilClient
					.parse(second.client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/rotate", null).body());
				String next = rotation.get("next").get("kid").asString();
				await().atMost(Duration.ofSeconds(10)).until(() -> kids(first, jwks).contains(next));
				String active = rotation.get("active").get("kid").asString();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> active.equals(kid(first.client.issueToken(machine.credential(), null))));
				decoder.decode(first.client.issueToken(machine.credential(), null));
				assertThat(first.tail()).doesNotContain(token.pin());
			}
			finally {
				// Servers started later on this database without the token must not meet
				// keys only it holds.
				first.client.admin("DELETE", "/api/v1/orgs/" + machine.org(), null);
			}
		}
	}

	private static List<String> kids(ServerProcess server, String path) {
		return SigilClient.parse(server.client.publicGet(path).body())
			.findValuesAsString("kid")
			.stream()
			.sorted()
			.toList();
	}

	private static String kid(String token) {
		try {
			return SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
