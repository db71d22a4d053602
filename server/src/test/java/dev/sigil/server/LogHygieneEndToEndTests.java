package dev.sigil.server;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import dev.sigil.keystore.ring.KeyRing;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full run, from start-up through every API with debug logging on, and nothing secret
 * in its output: no API token, machine credential, token, private key or key-encryption
 * key.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "logging.level.dev.sigil=DEBUG", "logging.level.org.springframework.security=DEBUG",
				"logging.level.org.springframework.web=DEBUG", "logging.level.org.hibernate.SQL=DEBUG" })
class LogHygieneEndToEndTests {

	private static final TestPorts PORTS = new TestPorts();

	@Autowired
	private KeyRing keyRing;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		PORTS.register(registry);
	}

	@Test
	void logsWhenEverySecretHasBeenUsedThenContainNone(CapturedOutput output) throws Exception {
		useEverySecretThenCheck(PORTS, this.keyRing, output, false);
	}

	/**
	 * Uses every kind of secret against the server on these ports, then checks that the
	 * output holds none of them (and, for JSON logs, that every line is a JSON object and
	 * the token path's carry the request id and org).
	 */
	static void useEverySecretThenCheck(TestPorts ports, KeyRing keyRing, CapturedOutput output, boolean json)
			throws Exception {
		SigilClient client = new SigilClient(ports);
		List<String> secrets = new ArrayList<>();
		secrets.add(ports.adminToken);
		secrets.add(ports.kek);
		TestMachine machine = client.newMachine("logs");
		secrets.add(machine.credential());
		for (String aud : new String[] { null, "sts.amazonaws.com" }) {
			String token = client.issueToken(machine.credential(), aud);
			secrets.add(token);
			secrets.add(token.substring(token.lastIndexOf('.') + 1));
		}
		JsonNode replaced = SigilClient
			.parse(client.admin("POST", "/api/v1/orgs/" + machine.org() + "/apps/web/machines/web-1/credential", null)
				.body());
		secrets.add(replaced.get("credential").asString());
		client.token(machine.credential(), null);
		client.token("sgm_wrong" + "x".repeat(40), "{\"aud\":");
		client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/rotate", null);
		secrets.add(client.issueToken(replaced.get("credential").asString(), null));

		UUID orgId = UUID
			.fromString(SigilClient.parse(client.admin("GET", "/api/v1/orgs/" + machine.org(), null).body())
				.get("id")
				.asString());
		RSAKey signing = keyRing.keys(orgId).active().orElseThrow().jwk().toRSAKey();
		secrets.add(signing.getPrivateExponent().toString());
		secrets.add(signing.getFirstPrimeFactor().toString());
		secrets.add(Base64.getEncoder().encodeToString(signing.toPrivateKey().getEncoded()).substring(0, 64));

		String logs = output.getAll();
		assertThat(logs).contains("Created org=" + machine.org()).contains("Seeded the bootstrap");
		if (json) {
			// Every line of this run is one JSON object; those of the token path name the
			// request and org.
			List<String> lines = logs.lines().filter((line) -> line.startsWith("{")).toList();
			assertThat(lines).isNotEmpty();
			assertThat(lines).allSatisfy((line) -> SigilClient.parse(line));
			assertThat(lines).anySatisfy((line) -> assertThat(line).contains("\"request_id\"")
				.contains("\"org\":\"" + machine.org() + "\""));
		}
		for (String secret : secrets) {
			assertThat(logs).as("logs contain a secret").doesNotContain(secret);
		}
		assertThat(logs).doesNotContain("BEGIN PRIVATE KEY").doesNotContain("Bearer sg");
	}

}
