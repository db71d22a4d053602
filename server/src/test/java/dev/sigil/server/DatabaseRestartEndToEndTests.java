package dev.sigil.server;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away under load, as in a restart (every connection reset, new ones
 * refused for a while): token requests answer 503 meanwhile and 200 again afterwards
 * without restarting Sigil, and every token a client received has its audit row.
 */
class DatabaseRestartEndToEndTests {

	@Test
	void tokenWhenDatabaseRestartsUnderLoadThen503MeanwhileThen200AndEveryTokenHasItsRow() throws Exception {
		TestDatabase database = TestDatabase.get();
		URI target = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(target.getHost(), (target.getPort() > 0) ? target.getPort() : 5432);
				TestServer server = TestServer.start("spring.datasource.url=" + database.jdbcUrl()
					.replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port()))) {
			List<TestMachine> machines = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				machines.add(server.client.newMachine("restart"));
			}
			Set<UUID> received = ConcurrentHashMap.newKeySet();
			Map<Integer, AtomicInteger> duringCut = new ConcurrentHashMap<>();
			Map<Integer, AtomicInteger> all = new ConcurrentHashMap<>();
			AtomicBoolean cut = new AtomicBoolean();
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService pool = Executors.newFixedThreadPool(6);
			List<Future<?>> loops = new ArrayList<>();
			for (int t = 0; t < 6; t++) {
				int thread = t;
				loops.add(pool.submit(() -> {
					SigilClient own = new SigilClient(server.ports);
					while (running.get()) {
						boolean wasCut = cut.get();
						HttpResponse<String> answer = own.token(machines.get(thread % machines.size()).credential(),
								null);
						all.computeIfAbsent(answer.statusCode(), (key) -> new AtomicInteger()).incrementAndGet();
						if (wasCut && cut.get()) {
							duringCut.computeIfAbsent(answer.statusCode(), (key) -> new AtomicInteger())
								.incrementAndGet();
						}
						if (answer.statusCode() == 200) {
							received.add(UUID.fromString(SignedJWT.parse(answer.body()).getJWTClaimsSet().getJWTID()));
						}
					}
					return null;
				}));
			}
			try {
				// Some tokens before the cut and some after it, however slow the machine.
				await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 60);
				proxy.cut();
				cut.set(true);
				Thread.sleep(7000);
				cut.set(false);
				proxy.restore();
				SigilClient probe = server.client;
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> probe.token(machines.get(0).credential(), null).statusCode() == 200);
				int recovered = received.size();
				await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= recovered + 60);
			}
			finally {
				running.set(false);
				for (Future<?> loop : loops) {
					loop.get();
				}
				pool.shutdown();
			}
			System.out.printf("Database restart under load: answers %s; while cut %s; %d tokens received%n", all,
					duringCut, received.size());
			assertThat(all).as("answers by status").containsOnlyKeys(200, 503);
			assertThat(all.get(503)).as("answers 503").isNotNull();
			assertThat(duringCut).as("answers to requests made and answered while the database was away")
				.containsKey(503)
				.doesNotContainKey(200);
			assertThat(received).hasSizeGreaterThan(100);
			assertThat(missingRows(received)).as("tokens received without an audit row").isEmpty();
		}
	}

	private static List<UUID> missingRows(Set<UUID> jtis) throws Exception {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(
						"select j from unnest(?::uuid[]) as j where not exists (select 1 from issued_token t where t.jti = j)")) {
			Array array = connection.createArrayOf("uuid", jtis.toArray());
			statement.setArray(1, array);
			List<UUID> missing = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					missing.add(rows.getObject(1, UUID.class));
				}
			}
			return missing;
		}
	}

}
