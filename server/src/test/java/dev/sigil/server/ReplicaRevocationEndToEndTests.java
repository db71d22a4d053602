package dev.sigil.server;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one database: every kind of revocation made on one is refused by the
 * other within a second, trial after trial; a replica that cannot follow the change feed
 * reports itself not ready.
 */
class ReplicaRevocationEndToEndTests {

	private static final int TRIALS = 20;

	private static final Duration BOUND = Duration.ofSeconds(1);

	/**
	 * Longer than the bound, so that only notifications can meet it; polling is the
	 * fallback.
	 */
	private static final Duration POLL_INTERVAL = Duration.ofSeconds(3);

	private static final Duration MAX_LAG = Duration.ofSeconds(5);

	private static TestServer first;

	private static TestServer second;

	@BeforeAll
	static void startTwoReplicas() {
		String[] settings = { "sigil.keys.publish-ahead=0s", "sigil.keys.jwks-cache-time=0s",
				"sigil.issuer.document-max-age=0s", "sigil.keys.rotation-period=1h", "sigil.token.app-lifetime-max=30m",
				"sigil.keys.max-published=30", "sigil.keys.check-interval=1h",
				"sigil.replication.poll-interval=" + POLL_INTERVAL.toSeconds() + "s",
				"sigil.replication.max-lag=" + MAX_LAG.toSeconds() + "s" };
		first = TestServer.start(settings);
		second = TestServer.start(settings);
	}

	@AfterAll
	static void stopReplicas() {
		first.close();
		second.close();
	}

	@Test
	void revocationWhenMadeOnOneReplicaThenTheOtherRefusesWithinASecond() {
		SigilClient one = first.client;
		SigilClient two = second.client;
		Map<String, List<Long>> latencies = new LinkedHashMap<>();
		TestMachine base = one.newMachine("revoke");
		String es256 = SigilClient.uniqueSlug("rotate");
		one.admin("POST", "/api/v1/orgs", "{\"slug\":\"" + es256 + "\",\"name\":\"x\",\"algorithm\":\"ES256\"}");
		one.createApp(es256, "web");
		String rotating = one.createMachine(es256, "web", "m").get("credential").asString();
		for (int trial = 0; trial < TRIALS; trial++) {
			String name = "m-" + trial;
			String deleted = one.createMachine(base.org(), base.app(), name + "-d").get("credential").asString();
			two.issueToken(deleted, null);
			latencies.computeIfAbsent("machine deleted", (k) -> new ArrayList<>())
				.add(time(() -> expect(one.admin("DELETE", machinePath(base, name + "-d"), null), 204),
						() -> two.token(deleted, null).statusCode() == 401));

			String replaced = one.createMachine(base.org(), base.app(), name + "-r").get("credential").asString();
			two.issueToken(replaced, null);
			latencies.computeIfAbsent("credential replaced", (k) -> new ArrayList<>())
				.add(time(() -> expect(one.admin("POST", machinePath(base, name + "-r") + "/credential", null), 200),
						() -> two.token(replaced, null).statusCode() == 401));

			String rotatedFrom = kidOf(two.issueToken(rotating, null));
			latencies.computeIfAbsent("key rotated", (k) -> new ArrayList<>())
				.add(time(() -> expect(one.admin("POST", "/api/v1/orgs/" + es256 + "/keys/rotate", null), 200),
						() -> !kidOf(two.issueToken(rotating, null)).equals(rotatedFrom)));

			String revoked = kidOf(two.issueToken(rotating, null));
			latencies.computeIfAbsent("key revoked", (k) -> new ArrayList<>())
				.add(time(
						() -> expect(one.admin("POST", "/api/v1/orgs/" + es256 + "/keys/" + revoked + "/revoke", null),
								200),
						() -> !kidOf(two.issueToken(rotating, null)).equals(revoked)
								&& !two.publicGet("/" + es256 + "/oauth2/jwks").body().contains(revoked)));

			String doomed = SigilClient.uniqueSlug("doomed");
			one.admin("POST", "/api/v1/orgs", "{\"slug\":\"" + doomed + "\",\"name\":\"x\",\"algorithm\":\"ES256\"}");
			one.createApp(doomed, "web");
			String doomedMachine = one.createMachine(doomed, "web", "m").get("credential").asString();
			two.issueToken(doomedMachine, null);
			assertThat(two.publicGet("/" + doomed + "/.well-known/openid-configuration").statusCode()).isEqualTo(200);
			latencies.computeIfAbsent("org deleted", (k) -> new ArrayList<>())
				.add(time(() -> expect(one.admin("DELETE", "/api/v1/orgs/" + doomed, null), 204),
						() -> two.token(doomedMachine, null).statusCode() == 401
								&& two.publicGet("/" + doomed + "/.well-known/openid-configuration")
									.statusCode() == 404));
		}
		List<Long> all = new ArrayList<>();
		latencies.forEach((kind, millis) -> {
			all.addAll(millis);
			System.out.printf(
					"Revocation seen by the other replica, %s: p50 %d ms, p99 %d ms, max %d ms over %d trials%n", kind,
					percentile(millis, 50), percentile(millis, 99), percentile(millis, 100), millis.size());
		});
		System.out.printf("Revocation seen by the other replica, all kinds: p50 %d ms, p99 %d ms over %d trials%n",
				percentile(all, 50), percentile(all, 99), all.size());
		latencies.forEach((kind, millis) -> {
			assertThat(millis).as(kind).hasSize(TRIALS);
			assertThat(percentile(millis, 90)).as("p90 of %s in ms", kind).isLessThan(BOUND.toMillis());
		});
		assertThat(percentile(all, 99)).as("p99 of every revocation, in ms: %s", latencies)
			.isLessThan(BOUND.toMillis());
	}

	@Test
	void readinessWhenTheChangeFeedCannotBeReadThenDownWithinTheBoundAndUpAfter() throws Exception {
		SigilClient two = second.client;
		assertThat(readiness(two)).isEqualTo(200);
		try (Connection blocker = TestDatabase.get().connect(); Statement statement = blocker.createStatement()) {
			blocker.setAutoCommit(false);
			// Every read of the event log now waits, as behind a stuck query: the feed
			// stops following.
			statement.execute("lock table admin_event in access exclusive mode");
			long start = System.nanoTime();
			awaitTrue(Duration.ofSeconds(10), () -> readiness(two) == 503);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			System.out.printf("Readiness went DOWN %d ms after the change feed was blocked (max lag %d s)%n",
					took.toMillis(), MAX_LAG.toSeconds());
			assertThat(took).isLessThan(MAX_LAG.plus(POLL_INTERVAL));
			JsonNode health = SigilClient
				.parse(two.send("GET", second.ports.managementPort, "/actuator/health/readiness", null, null, null)
					.body());
			assertThat(health.get("status").asString()).isEqualTo("DOWN");
			blocker.rollback();
		}
		awaitTrue(Duration.ofSeconds(10), () -> readiness(two) == 200);
	}

	@Test
	void revocationWhenNotificationsAreLostThenTheOtherReplicaRefusesWithinThePollInterval() throws Exception {
		SigilClient one = first.client;
		SigilClient two = second.client;
		TestMachine base = one.newMachine("unnotified");
		List<Long> latencies = new ArrayList<>();
		try (Connection admin = TestDatabase.get().connect(); Statement statement = admin.createStatement()) {
			statement.execute("alter table admin_event disable trigger admin_event_notify");
			try {
				for (int trial = 0; trial < 3; trial++) {
					String name = "lost-" + trial;
					String credential = one.createMachine(base.org(), base.app(), name).get("credential").asString();
					two.issueToken(credential, null);
					latencies.add(time(() -> expect(one.admin("DELETE", machinePath(base, name), null), 204),
							() -> two.token(credential, null).statusCode() == 401));
				}
			}
			finally {
				statement.execute("alter table admin_event enable trigger admin_event_notify");
			}
		}
		System.out.printf("Revocation seen by the other replica without notifications: %s ms (poll interval %d s)%n",
				latencies, POLL_INTERVAL.toSeconds());
		// A poll's own work and a loaded machine's scheduling on top of the
		// interval; without the poll the change would never be seen.
		assertThat(latencies).allSatisfy((ms) -> assertThat(ms).isLessThan(POLL_INTERVAL.toMillis() + 3000));
	}

	private static int readiness(SigilClient client) {
		TestPorts ports = (client == first.client) ? first.ports : second.ports;
		return client.send("GET", ports.managementPort, "/actuator/health/readiness", null, null, null).statusCode();
	}

	private static void expect(java.net.http.HttpResponse<String> answer, int status) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
	}

	private static String machinePath(TestMachine base, String name) {
		return "/api/v1/orgs/" + base.org() + "/apps/" + base.app() + "/machines/" + name;
	}

	/** Makes the change, then the milliseconds until the other replica shows it. */
	private static long time(Runnable change, BooleanSupplier seen) {
		change.run();
		long start = System.nanoTime();
		awaitTrue(Duration.ofSeconds(15), seen);
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	private static void awaitTrue(Duration atMost, BooleanSupplier condition) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not seen within " + atMost);
			}
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	private static long percentile(List<Long> values, int percentile) {
		List<Long> sorted = values.stream().sorted().toList();
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	private static String kidOf(String token) {
		try {
			return SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
