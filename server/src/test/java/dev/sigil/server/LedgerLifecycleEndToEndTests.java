package dev.sigil.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.issuer.audit.AuditMaintenance;
import dev.sigil.server.SigilClient.TestMachine;
import dev.sigil.db.test.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger over time and beyond the server: partitions made ahead and dropped past the
 * retention (archived first) as the clock moves, and the SIEM stream to a real HTTP
 * receiver that fails, is slow, and comes back, across a restart of the server.
 */
class LedgerLifecycleEndToEndTests {

	private static final String HMAC_KEY = "a-shared-secret-of-the-siem-receiver";

	@Test
	void partitionsWhenClockMovesThenMadeAheadAndOldDaysArchivedAndDroppedWhole(@TempDir Path archive)
			throws Exception {
		LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(30);
		String oldPartition = "issued_token_" + old.toString().replace("-", "");
		owner("create table " + oldPartition + " partition of issued_token for values from ('" + old
				+ "T00:00:00Z') to ('" + old.plusDays(1) + "T00:00:00Z')");
		owner("insert into issued_token (jti, org_id, app_id, app_name, machine_id, machine_name, machine_version, "
				+ "subject, audience, kid, issued_at, expires_at, client_address, claims) select gen_random_uuid(), "
				+ "gen_random_uuid(), gen_random_uuid(), 'web', gen_random_uuid(), 'm-' || n, 1, 'old:web:m', 'aud', "
				+ "'kid', '" + old + "T12:00:00Z'::timestamptz + n * interval '1 second', now(), '10.0.0.1', "
				+ "jsonb_build_object('note', 'line \"' || n || '\" \\ with escapes') from generate_series(1, 3) n");
		try (TestServer server = TestServer.start("sigil.audit.retention=10d", "sigil.audit.archive-dir=" + archive,
				"sigil.audit.maintenance-interval=1h")) {
			server.bean(TestClock.class).advance(Duration.ofDays(5));
			// A run skips while another server of the shared database holds the
			// maintenance lock (its start-up run, say): run until this one has done
			// the work.
			AuditMaintenance maintenance = server.bean(AuditMaintenance.class);
			await().atMost(Duration.ofSeconds(60)).until(maintenance::runOnce);

			LocalDate movedToday = LocalDate.now(ZoneOffset.UTC).plusDays(5);
			List<String> partitions = names("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
					+ "where i.inhparent = 'issued_token'::regclass");
			assertThat(partitions).doesNotContain(oldPartition)
				.contains("issued_token_" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", ""))
				.contains("issued_token_" + movedToday.plusDays(7).toString().replace("-", ""));

			Path file = archive.resolve(oldPartition + ".jsonl.gz");
			assertThat(file).exists();
			List<JsonNode> lines = new ArrayList<>();
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					lines.add(SigilClient.parse(line));
				}
			}
			assertThat(lines).hasSize(3);
			assertThat(lines.get(0).get("claims").get("note").asString()).isEqualTo("line \"1\" \\ with escapes");
			assertThat(lines.get(0).has("jti")).isTrue();

			JsonNode events = SigilClient
				.parse(server.client.admin("GET", "/api/v1/events?action=audit.partition.dropped", null).body());
			assertThat(events.toString()).contains(oldPartition).contains("3 rows").contains("archived");
		}
	}

	@Test
	void chainWhenTwoReplicasWriteOneOrgAtOnceThenPositionsFollowCommitOrderAndVerify() throws Exception {
		try (TestServer first = TestServer.start(); TestServer second = TestServer.start()) {
			TestMachine machine = first.client.newMachine("chain-replicas");
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
			List<java.util.concurrent.Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				SigilClient client = (t % 2 == 0) ? first.client : second.client;
				work.add(pool.submit(() -> {
					for (int i = 0; i < 40; i++) {
						client.issueToken(machine.credential(), "sts.amazonaws.com");
					}
				}));
			}
			for (java.util.concurrent.Future<?> each : work) {
				each.get();
			}
			pool.shutdown();
			String path = "/api/v1/orgs/" + machine.org() + "/audit/verify?from="
					+ java.time.Instant.now().minusSeconds(600) + "&to=" + java.time.Instant.now().plusSeconds(60);
			JsonNode verdict = SigilClient.parse(second.client.admin("GET", path, null).body());
			assertThat(verdict.get("ok").asBoolean()).as(verdict.toString()).isTrue();
			assertThat(verdict.get("rows").asLong()).isEqualTo(320);
			assertThat(names(
					"select max(chain_position) from issued_token where org_id = (select id from org where slug = '"
							+ machine.org() + "')"))
				.containsExactly("320");
		}
	}

	@Test
	void siemWhenReceiverFailsIsSlowAndServerRestartsThenEveryRowArrivesAndAtMostABatchTwice() throws Exception {
		Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
		List<String> badSignatures = new CopyOnWriteArrayList<>();
		AtomicInteger requests = new AtomicInteger();
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/ingest", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			int n = requests.incrementAndGet();
			if (n <= 2) {
				exchange.sendResponseHeaders(503, -1);
				exchange.close();
				return;
			}
			if (n == 3) {
				sleep(2500);
			}
			String signature = exchange.getRequestHeaders().getFirst("X-Sigil-Signature");
			if (signature == null || !signature.equals("sha256=" + hmac(body))) {
				badSignatures.add(String.valueOf(signature));
			}
			for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank()) {
					received.computeIfAbsent(SigilClient.parse(line).get("id").asString(), (id) -> new AtomicInteger())
						.incrementAndGet();
				}
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		receiver.start();
		String[] siem = { "sigil.siem.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/ingest",
				"sigil.siem.allow-http=true", "sigil.siem.hmac-key=" + HMAC_KEY, "sigil.siem.timeout=1s",
				"sigil.siem.max-backoff=1s", "sigil.siem.interval=200ms", "sigil.siem.batch-size=200" };
		try {
			List<String> first = new ArrayList<>();
			TestMachine machine;
			try (TestServer server = TestServer.start(siem)) {
				machine = server.client.newMachine("siem");
				for (int i = 0; i < 60; i++) {
					first.add(jti(server.client.issueToken(machine.credential(), "sts.amazonaws.com")));
				}
				await().atMost(Duration.ofSeconds(60)).until(() -> received.keySet().containsAll(first));
				JsonNode readiness = SigilClient.parse(server.client
					.send("GET", server.ports.managementPort, "/actuator/health/readiness", null, null, null)
					.body());
				assertThat(readiness.get("components").get("siem").get("details").get("enabled").asBoolean()).isTrue();
			}
			Map<String, Integer> beforeRestart = new ConcurrentHashMap<>();
			received.forEach((id, count) -> beforeRestart.put(id, count.get()));

			// Tokens issued while no server streams: the next one sends them from the
			// stored cursor.
			List<String> second = new ArrayList<>();
			try (TestServer other = TestServer.start()) {
				for (int i = 0; i < 25; i++) {
					second.add(jti(other.client.issueToken(machine.credential(), "vault")));
				}
			}
			try (TestServer server = TestServer.start(siem)) {
				await().atMost(Duration.ofSeconds(60)).until(() -> received.keySet().containsAll(second));
			}
			assertThat(badSignatures).isEmpty();
			assertThat(requests.get()).as("two refusals and a slow answer were retried").isGreaterThan(3);
			assertThat(received.keySet()).containsAll(first).containsAll(second);
			assertThat(received.keySet()).anyMatch((id) -> id.startsWith("event-"));
			// At least once: the slow batch twice; a restart resends at most one
			// unacknowledged batch.
			long resentAfterRestart = beforeRestart.entrySet()
				.stream()
				.filter((entry) -> received.get(entry.getKey()).get() > entry.getValue())
				.count();
			assertThat(resentAfterRestart).isLessThanOrEqualTo(200);
			long duplicated = received.values().stream().filter((count) -> count.get() > 1).count();
			assertThat(duplicated).isLessThanOrEqualTo(2 * 200);
		}
		finally {
			receiver.stop(0);
		}
	}

	private static String jti(String token) {
		return SigilClient.parse(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])))
			.get("jti")
			.asString();
	}

	private static String hmac(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void owner(String sql) throws SQLException {
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static List<String> names(String sql) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection connection = TestDatabase.get().connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

}
