package dev.sigil.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.sigil.db.test.TestClock;
import dev.sigil.keystore.rotation.KeyRotationScheduler;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two servers on one database: the same keys, each other's changes within seconds, one
 * rotation.
 */
class ReplicasEndToEndTests {

	private static final TestPorts FIRST = new TestPorts();

	private static final TestPorts SECOND = new TestPorts();

	private static TestServer first;

	private static TestServer second;

	@BeforeAll
	static void startTwoServers() {
		first = start(FIRST);
		second = start(SECOND);
	}

	@AfterAll
	static void stopServers() {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
	}

	@Test
	void keysWhenChangedOnOneReplicaThenOtherServesThemWithinTenSeconds() throws Exception {
		SigilClient one = new SigilClient(FIRST);
		SigilClient two = new SigilClient(SECOND);
		TestMachine machine = one.newMachine("replica");
		String path = "/" + machine.org() + "/oauth2/jwks";
		assertThat(kids(two, path)).isEqualTo(kids(one, path)).hasSize(2);
		List<String> before = kids(two, path);
		Thread.sleep(1100);
		JsonNode rotation = SigilClient
			.parse(one.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/rotate", null).body());
		String newNext = rotation.get("next").get("kid").asString();
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> kids(two, path).contains(newNext));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(kids(two, path)).containsExactlyInAnyOrderElementsOf(kids(one, path)).containsAll(before);
		String activeKid = rotation.get("active").get("kid").asString();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> activeKid.equals(kidOf(two.issueToken(machine.credential(), null))));
	}

	@Test
	void scheduledRotationWhenBothReplicasRunTheJobAtOnceThenRotatesOnce() throws Exception {
		SigilClient one = new SigilClient(FIRST);
		TestMachine machine = one.newMachine("once");
		TestClock clock = first.bean(TestClock.class);
		clock.advance(Duration.ofHours(2));
		second.bean(TestClock.class).advance(Duration.ofHours(2));
		KeyRotationScheduler[] schedulers = { first.bean(KeyRotationScheduler.class),
				second.bean(KeyRotationScheduler.class) };
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> runs = List.of(pool.submit(() -> {
				go.await();
				schedulers[0].runOnce();
				return null;
			}), pool.submit(() -> {
				go.await();
				schedulers[1].runOnce();
				return null;
			}));
			go.countDown();
			for (Future<?> run : runs) {
				run.get();
			}
		}
		finally {
			pool.shutdown();
		}
		// A run skips while another server of the shared database holds the maintenance
		// lock (a replica's start-up run, say); running again until the org has rotated
		// is safe: its new active key is not due before another hour.
		String path = "/api/v1/orgs/" + machine.org() + "/keys";
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			schedulers[1].runOnce();
			schedulers[0].runOnce();
			JsonNode keys = SigilClient.parse(one.admin("GET", path, null).body());
			assertThat(keys.findValuesAsString("state")).containsExactly("RETIRED", "ACTIVE", "NEXT");
		});
		assertThat(schedulers[0].consecutiveFailures() + schedulers[1].consecutiveFailures()).isZero();
	}

	@Test
	void replicaWhenKekWrongThenNotReadyAndRefusesToSignNamingTheKey() {
		SigilClient one = new SigilClient(FIRST);
		TestMachine machine = one.newMachine("wrongkek");
		String kid = kidOf(one.issueToken(machine.credential(), null));
		TestPorts wrongPorts = new TestPorts();
		TestServer wrong = start(wrongPorts, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
		try {
			SigilClient three = new SigilClient(wrongPorts);
			assertThat(three.send("GET", wrongPorts.managementPort, "/actuator/health/readiness", null, null, null)
				.statusCode()).isEqualTo(503);
			var refused = three.token(machine.credential(), null);
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.body()).contains("signing-key-unavailable").contains(kid).doesNotContain("eyJ");
			assertThat(kids(three, "/" + machine.org() + "/oauth2/jwks"))
				.as("it publishes no key it cannot prove whole")
				.doesNotContain(kid);
		}
		finally {
			wrong.close();
		}
		assertThat(one.token(machine.credential(), null).statusCode()).as("the right replica is unharmed")
			.isEqualTo(200);
	}

	private static List<String> kids(SigilClient client, String path) {
		return SigilClient.parse(client.publicGet(path).body()).findValuesAsString("kid");
	}

	private static String kidOf(String token) {
		try {
			return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static TestServer start(TestPorts ports) {
		return start(ports, ports.kek);
	}

	private static TestServer start(TestPorts ports, String kek) {
		return TestServer.start(ports, "sigil.kek=" + kek, "sigil.keys.publish-ahead=1s",
				"sigil.keys.jwks-cache-time=1s", "sigil.issuer.document-max-age=1s", "sigil.keys.rotation-period=1h",
				"sigil.token.app-lifetime-max=30m", "sigil.keys.check-interval=1h");
	}

}
