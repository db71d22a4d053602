package dev.sigil.server;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import tools.jackson.databind.JsonNode;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.keystore.rotation.KeyRotationScheduler;
import dev.sigil.db.test.SoftHsm;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas on one database and one SoftHSM token, with
 * {@code SIGIL_KEY_STORE=pkcs11}: tokens verify with Spring Security's resource server,
 * both replicas publish the same JWKS and sign with the same key, rotations under load
 * lose no verification at a caching relying party, and a key deleted from the token
 * behind Sigil's back stops the org (503, readiness DOWN, an admin event).
 */
@ExtendWith(OutputCaptureExtension.class)
class Pkcs11EndToEndTests {

	private static final SoftHsm.Token TOKEN = SoftHsm.token();

	private static final TestPorts FIRST = new TestPorts();

	private static final TestPorts SECOND = new TestPorts();

	private static final List<String> ORGS = new CopyOnWriteArrayList<>();

	private static TestServer first;

	private static TestServer second;

	@BeforeAll
	static void startTwoReplicasOnOneToken() {
		first = start(FIRST);
		second = start(SECOND);
	}

	private static TestServer start(TestPorts ports) {
		List<String> properties = new ArrayList<>(List.of(TOKEN.properties()));
		properties.addAll(List.of("sigil.keys.publish-ahead=2s", "sigil.keys.jwks-cache-time=2s",
				"sigil.keys.rotation-period=1h", "sigil.token.app-lifetime-max=30m", "sigil.issuer.document-max-age=1s",
				// Replicas behind one load balancer: one issuer URL.
				"sigil.issuer.base-url=http://localhost:" + FIRST.publicPort));
		return TestServer.start(ports, properties.toArray(String[]::new));
	}

	@AfterAll
	static void stopReplicas() {
		// The test database is shared: servers started later without the token must not
		// find orgs whose keys only it holds (deleting an org revokes its keys).
		if (first != null) {
			SigilClient client = new SigilClient(FIRST);
			for (String org : ORGS) {
				assertThat(client.admin("DELETE", "/api/v1/orgs/" + org, null).statusCode()).isEqualTo(204);
			}
		}
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256" })
	void tokensWhenSignedInTheTokenThenResourceServerVerifiesThemFromEitherReplica(String algorithm) throws Exception {
		SigilClient one = new SigilClient(FIRST);
		SigilClient two = new SigilClient(SECOND);
		String org = SigilClient.uniqueSlug("hsm");
		ORGS.add(org);
		assertThat(one
			.admin("POST", "/api/v1/orgs",
					"{\"slug\":\"" + org + "\",\"name\":\"HSM\",\"algorithm\":\"" + algorithm + "\"}")
			.statusCode()).isEqualTo(201);
		one.createApp(org, "web");
		String credential = one.createMachine(org, "web", "web-1").get("credential").asString();
		JwtDecoder decoder = JwtDecoders.fromIssuerLocation(FIRST.issuer(org));
		// A resource server that reads the JWKS from the second replica only.
		NimbusJwtDecoder otherDecoder = NimbusJwtDecoder
			.withJwkSetUri("http://localhost:" + SECOND.publicPort + "/" + org + "/oauth2/jwks")
			.jwsAlgorithm(SignatureAlgorithm.from(algorithm))
			.build();
		otherDecoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(FIRST.issuer(org)));
		Jwt fromFirst = decoder.decode(one.issueToken(credential, null));
		Jwt fromSecond = otherDecoder.decode(two.issueToken(credential, null));
		assertThat(fromFirst.getHeaders()).containsEntry("alg", algorithm);
		assertThat(fromSecond.getHeaders().get("kid")).as("both replicas sign with the same active key")
			.isEqualTo(fromFirst.getHeaders().get("kid"));
		assertThat(decoder.decode(fromSecond.getTokenValue()).getSubject()).isEqualTo(fromSecond.getSubject());
		String jwks = "/" + org + "/oauth2/jwks";
		assertThat(kids(two, jwks)).as("both replicas publish the same JWKS").isEqualTo(kids(one, jwks)).hasSize(2);
		assertThat(storages(org)).containsOnly("PKCS11");
		assertThat(TOKEN.privateKeyAccess()).containsKeys(kids(one, jwks).toArray(String[]::new));
	}

	@Test
	void rotationsWhenTokensIssuedFromBothReplicasThenCachingRelyingPartyVerifiesEveryOne() throws Exception {
		SigilClient one = new SigilClient(FIRST);
		TestMachine machine = one.newMachine("hsm-rotating");
		ORGS.add(machine.org());
		CachingRelyingParty relyingParty = new CachingRelyingParty(FIRST.issuer(machine.org()), "sts.amazonaws.com",
				Duration.ofSeconds(1));
		RotationUnderLoad.Outcome outcome = RotationUnderLoad.run(machine, relyingParty,
				List.of(FIRST, SECOND, FIRST, SECOND), one, 2, Duration.ofMillis(500));
		assertThat(outcome.failures()).isEmpty();
		assertThat(outcome.kids()).as("tokens were signed by the first key and each rotated one").hasSize(3);
		assertThat(outcome.verified()).isGreaterThan(40);
		assertThat(storages(machine.org())).containsOnly("PKCS11");
	}

	@Test
	void tokenObjectWhenDeletedBehindSigilsBackThenOrgAnswers503NotReadyAndAnEvent() throws Exception {
		SigilClient one = new SigilClient(FIRST);
		SigilClient two = new SigilClient(SECOND);
		TestMachine machine = one.newMachine("hsm-deleted");
		ORGS.add(machine.org());
		String kid = kidOf(one.issueToken(machine.credential(), null));
		assertThat(kidOf(two.issueToken(machine.credential(), null))).isEqualTo(kid);
		TOKEN.deletePrivateKey(kid);
		// Each replica finds it on its next check of the keys (every
		// sigil.keys.check-interval).
		for (TestServer replica : List.of(first, second)) {
			replica.bean(KeyRotationScheduler.class).runOnce();
		}
		for (SigilClient client : List.of(one, two)) {
			HttpResponse<String> refused = client.token(machine.credential(), null);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
			assertThat(refused.body()).contains("signing-key-unavailable").contains(kid).contains("missing");
		}
		for (TestServer replica : List.of(first, second)) {
			assertThat(replica.client
				.send("GET", replica.ports.managementPort, "/actuator/health/readiness", null, null, null)
				.statusCode()).isEqualTo(503);
		}
		await().untilAsserted(() -> assertThat(SigilClient
			.parse(one.admin("GET", "/api/v1/events?action=key.unusable&org=" + machine.org(), null).body())
			.get("items")
			.findValuesAsString("subject")).contains(kid));
		// The way out: revoke the key; the NEXT key (also in the token) takes over.
		assertThat(one.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/" + kid + "/revoke", null).statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(two.token(machine.credential(), null).statusCode()).isEqualTo(200));
		for (TestServer replica : List.of(first, second)) {
			replica.bean(KeyRotationScheduler.class).runOnce();
			assertThat(replica.client
				.send("GET", replica.ports.managementPort, "/actuator/health/readiness", null, null, null)
				.statusCode()).isEqualTo(200);
		}
	}

	@Test
	void logsWhenReplicasStartedAndSignedThenNeverHoldThePin(CapturedOutput output) {
		SigilClient one = new SigilClient(FIRST);
		TestMachine machine = one.newMachine("hsm-logs");
		ORGS.add(machine.org());
		one.issueToken(machine.credential(), null);
		assertThat(output.getAll()).contains("Signing keys are generated and used in the PKCS#11 token")
			.doesNotContain(TOKEN.pin());
	}

	private static List<String> kids(SigilClient client, String path) {
		JsonNode jwks = SigilClient.parse(client.publicGet(path).body());
		return jwks.findValuesAsString("kid").stream().sorted().toList();
	}

	private static List<String> storages(String orgSlug) throws Exception {
		List<String> storages = new ArrayList<>();
		try (Connection owner = TestDatabase.get().connect();
				PreparedStatement query = owner.prepareStatement(
						"select k.storage from signing_key k join org o on o.id = k.org_id where o.slug = ?")) {
			query.setString(1, orgSlug);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					storages.add(rows.getString(1));
				}
			}
		}
		return storages;
	}

	private static String kidOf(String token) throws java.text.ParseException {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

}
