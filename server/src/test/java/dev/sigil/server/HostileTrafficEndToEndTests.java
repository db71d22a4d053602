package dev.sigil.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One tenant's hostile traffic never costs another tenant a token: a flood of made-up
 * issuer URLs on the public port, and an audit row the database refuses in the middle of
 * other tenants' group commits.
 */
class HostileTrafficEndToEndTests extends ServerTestSupport {

	@Autowired
	private MeterRegistry meters;

	@Test
	void publicPortWhenFloodedWithUnknownOrgsThenNoTokenFailsAndNoQueryPerSlug() throws Exception {
		List<TestMachine> machines = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			machines.add(this.client.newMachine("flooded"));
		}
		machines.forEach((machine) -> this.client.issueToken(machine.credential(), null));
		double borrowsBefore = quietPoolBorrows();
		int floodRequests = 8000;
		AtomicInteger notFound = new AtomicInteger();
		List<Integer> tokenStatuses = new CopyOnWriteArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(10);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int thread = t;
				work.add(pool.submit(() -> {
					HttpClient http = HttpClient.newHttpClient();
					for (int i = 0; i < floodRequests / 8; i++) {
						HttpRequest request = HttpRequest
							.newBuilder(URI.create("http://localhost:" + PORTS.publicPort + "/no-such-org-" + thread
									+ "-" + i + "/.well-known/openid-configuration"))
							.build();
						if (http.send(request, BodyHandlers.discarding()).statusCode() == 404) {
							notFound.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (int t = 0; t < 2; t++) {
				work.add(pool.submit(() -> {
					SigilClient own = new SigilClient(PORTS);
					for (int i = 0; i < 100; i++) {
						tokenStatuses.add(own.token(machines.get(i % machines.size()).credential(), null).statusCode());
					}
					return null;
				}));
			}
			for (Future<?> done : work) {
				done.get();
			}
		}
		finally {
			pool.shutdown();
		}
		double borrows = mainPoolBorrows() - borrowsBefore;
		assertThat(notFound.get()).isEqualTo(floodRequests);
		assertThat(tokenStatuses).hasSize(200).containsOnly(200);
		assertThat(borrows)
			.as("connections taken from the application's pool during %d unknown-org requests", floodRequests)
			.isLessThan(20);
	}

	@Test
	void auditRowWhenRefusedByTheDatabaseThenOnlyItsRequestFails() throws Exception {
		TestMachine poisoned = this.client.newMachine("poisoned");
		TestMachine neighbour = this.client.newMachine("neighbour");
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
			statement.execute("drop trigger if exists refuse_poisoned_audience on issued_token");
			statement.execute("""
					create or replace function refuse_poisoned_audience() returns trigger language plpgsql as $$
					begin
					    if new.audience like 'poison%' then
					        raise exception 'refused by the test';
					    end if;
					    return new;
					end
					$$""");
			statement.execute("create trigger refuse_poisoned_audience before insert on issued_token for each row "
					+ "execute function refuse_poisoned_audience()");
		}
		double splitsBefore = this.meters.get("sigil.audit.batch.splits").counter().count();
		double refusedBefore = this.meters.get("sigil.audit.refused").counter().count();
		Map<Integer, AtomicInteger> poisonedStatuses = new ConcurrentHashMap<>();
		Map<Integer, AtomicInteger> neighbourStatuses = new ConcurrentHashMap<>();
		List<String> poisonedTypes = new CopyOnWriteArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				work.add(pool.submit(() -> {
					SigilClient own = new SigilClient(PORTS);
					for (int i = 0; i < 60; i++) {
						HttpResponse<String> answer = own.token(poisoned.credential(),
								"{\"aud\":\"poison-" + i + "\"}");
						poisonedStatuses.computeIfAbsent(answer.statusCode(), (key) -> new AtomicInteger())
							.incrementAndGet();
						poisonedTypes.add(SigilClient.parse(answer.body()).path("type").asString(""));
					}
					return null;
				}));
				work.add(pool.submit(() -> {
					SigilClient own = new SigilClient(PORTS);
					for (int i = 0; i < 60; i++) {
						int status = own.token(neighbour.credential(), "{\"aud\":\"fine\"}").statusCode();
						neighbourStatuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
					}
					return null;
				}));
			}
			for (Future<?> done : work) {
				done.get();
			}
		}
		finally {
			pool.shutdown();
			try (Connection connection = TestDatabase.get().connect();
					Statement statement = connection.createStatement()) {
				statement.execute("drop trigger refuse_poisoned_audience on issued_token");
				statement.execute("drop function refuse_poisoned_audience()");
			}
		}
		assertThat(neighbourStatuses).as("the other tenant's answers by status").containsOnlyKeys(200);
		assertThat(neighbourStatuses.get(200).get()).isEqualTo(240);
		assertThat(poisonedStatuses).as("the poisoned requests' answers by status").containsOnlyKeys(500);
		assertThat(poisonedTypes).containsOnly("urn:sigil:problem:audit-record-refused");
		assertThat(rows("select count(*) from issued_token where audience like 'poison%'")).isZero();
		assertThat(rows("select count(*) from issued_token where org_id = (select id from org where slug = '"
				+ neighbour.org() + "')"))
			.isEqualTo(240);
		assertThat(this.meters.get("sigil.audit.refused").counter().count() - refusedBefore).isEqualTo(240);
		assertThat(this.meters.get("sigil.audit.batch.splits").counter().count() - splitsBefore)
			.as("batches that held a refused row among others, and were split to find it")
			.isPositive();
		assertThat(this.client.token(poisoned.credential(), "{\"aud\":\"fine\"}").statusCode())
			.as("the poisoned machine's next good request")
			.isEqualTo(200);
	}

	@Test
	void tokenEndpointWhenFloodedWithMadeUpCredentialsThenFewLookupsAnd429ThenMachinesStillServed() throws Exception {
		TestMachine machine = this.client.newMachine("credflood");
		this.client.issueToken(machine.credential(), null);
		Thread.sleep(1500);
		double borrowsBefore = quietPoolBorrows();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				work.add(pool.submit(() -> {
					SigilClient own = new SigilClient(PORTS);
					for (int i = 0; i < 250; i++) {
						byte[] random = new byte[32];
						java.util.concurrent.ThreadLocalRandom.current().nextBytes(random);
						String madeUp = "sgm_"
								+ java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
						int status = own.token(madeUp, null).statusCode();
						statuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
					}
					return null;
				}));
			}
			for (Future<?> done : work) {
				done.get();
			}
		}
		finally {
			pool.shutdown();
		}
		double borrows = mainPoolBorrows() - borrowsBefore;
		System.out.printf("2000 made-up credentials: answers %s, %d database lookups%n", statuses, (long) borrows);
		assertThat(statuses).containsOnlyKeys(401, 429);
		assertThat(borrows).as("lookups for 2000 made-up credentials").isLessThan(200);
		Thread.sleep(1500);
		assertThat(this.client.token(machine.credential(), null).statusCode()).isEqualTo(200);
	}

	/**
	 * The pool's borrow count once no connection is out: the context's start-up jobs (the
	 * key job walks every org of the shared database, holding a connection for its lock)
	 * have ended, so what the test counts is its own traffic's.
	 */
	private double quietPoolBorrows() {
		await().atMost(Duration.ofSeconds(120))
			.until(() -> this.meters.get("hikaricp.connections.active").tag("pool", "sigil").gauge().value() == 0);
		return mainPoolBorrows();
	}

	private double mainPoolBorrows() {
		return this.meters.get("hikaricp.connections.usage").tag("pool", "sigil").timer().count();
	}

	private static long rows(String sql) throws Exception {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet result = statement.executeQuery()) {
			result.next();
			return result.getLong(1);
		}
	}

}
