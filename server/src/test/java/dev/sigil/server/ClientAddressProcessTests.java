package dev.sigil.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client address in the ledger can be chosen by no request: on Kubernetes (where
 * Spring Boot would trust forwarded headers from any private address) a forged
 * {@code X-Forwarded-For} never reaches the ledger; behind a proxy the operator names,
 * the client's real address does; and a machine sending malformed headers at full speed
 * costs another org nothing.
 */
@Tag("process")
class ClientAddressProcessTests {

	private static final Map<String, String> ON_KUBERNETES = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
			"KUBERNETES_SERVICE_PORT", "443");

	/** Malformed or hostile header values, sent by the attacking machine. */
	private static final List<String> HOSTILE = List.of("x".repeat(300), "203.0.113.9" + ", 1.1.1.1".repeat(40),
			"not-an-address", "example.com", "203.0.113.9:4444", "[2001:db8::1]", "256.1.1.1", "010.0.0.1",
			"203.0.113.9\u00e9", ",,,,", "203.0.113.9, unknown", "::ffff:zz", "1" + "0".repeat(200));

	@Test
	void forwardedForWhenNoProxyIsTrustedOnKubernetesThenTheLedgerHasTheSocketAddress() throws Exception {
		try (ServerProcess server = ServerProcess.start("client-address-untrusted", new TestPorts(), ON_KUBERNETES)) {
			TestMachine attacker = server.client.newMachine("forger");
			String jti = issue(server, attacker.credential(), "203.0.113.9");
			assertThat(addressOf(jti)).isEqualTo("127.0.0.1");
			Result result = attack(server, attacker);
			assertThat(result.bystanders()).as("another org's answers by status").containsOnlyKeys(200);
			assertThat(result.attacker()).as("the attacker's answers by status").containsOnlyKeys(200);
			assertThat(addressesOf(attacker.org())).containsOnly("127.0.0.1");
		}
	}

	@Test
	void forwardedForWhenFromATrustedProxyThenTheLedgerHasTheClientsAddressAndNothingElse() throws Exception {
		Map<String, String> environment = new java.util.HashMap<>(ON_KUBERNETES);
		environment.put("SIGIL_TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.0/8");
		try (ServerProcess server = ServerProcess.start("client-address-trusted", new TestPorts(), environment)) {
			TestMachine machine = server.client.newMachine("proxied");
			assertThat(addressOf(issue(server, machine.credential(), "203.0.113.9"))).isEqualTo("203.0.113.9");
			assertThat(addressOf(issue(server, machine.credential(), "198.51.100.7, 10.1.2.3")))
				.as("a trusted hop is skipped")
				.isEqualTo("198.51.100.7");
			assertThat(addressOf(issue(server, machine.credential(), "198.51.100.7, 203.0.113.9, 10.1.2.3")))
				.as("the right-most untrusted entry")
				.isEqualTo("203.0.113.9");
			assertThat(addressOf(issue(server, machine.credential(), "2001:db8::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
			assertThat(addressOf(issue(server, machine.credential(), "x".repeat(3000) + ", 198.51.100.23")))
				.as("padding on the left hides nothing")
				.isEqualTo("198.51.100.23");
			assertThat(addressOf(issue(server, machine.credential(), ".1:2"))).isEqualTo("127.0.0.1");
			for (String hostile : HOSTILE) {
				assertThat(addressOf(issue(server, machine.credential(), hostile))).as(hostile)
					.isIn("127.0.0.1", "203.0.113.9", "1.1.1.1");
			}
			Result result = attack(server, machine);
			assertThat(result.bystanders()).as("another org's answers by status").containsOnlyKeys(200);
			assertThat(result.attacker()).as("the attacker's answers by status").containsOnlyKeys(200);
			assertThat(addressesOf(machine.org()))
				.allSatisfy((address) -> assertThat(address).matches("[0-9.]+|[0-9a-f:]+"));
		}
	}

	/**
	 * One machine sends hostile headers from four threads at full speed while another org
	 * issues.
	 */
	private static Result attack(ServerProcess server, TestMachine attacker) throws Exception {
		TestMachine bystander = server.client.newMachine("bystander");
		Map<Integer, AtomicInteger> attackerStatuses = new ConcurrentHashMap<>();
		Map<Integer, AtomicInteger> bystanderStatuses = new ConcurrentHashMap<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				work.add(pool.submit(() -> {
					HttpClient http = HttpClient.newHttpClient();
					for (int i = 0; running.get(); i++) {
						int status = send(http, server, attacker.credential(), HOSTILE.get(i % HOSTILE.size()))
							.statusCode();
						attackerStatuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
					}
					return null;
				}));
			}
			for (int t = 0; t < 2; t++) {
				work.add(pool.submit(() -> {
					HttpClient http = HttpClient.newHttpClient();
					for (int i = 0; i < 150; i++) {
						int status = send(http, server, bystander.credential(), null).statusCode();
						bystanderStatuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
					}
					return null;
				}));
			}
			work.get(4).get();
			work.get(5).get();
			running.set(false);
			for (Future<?> done : work) {
				done.get();
			}
		}
		finally {
			pool.shutdown();
		}
		System.out.printf("Hostile X-Forwarded-For at full speed: attacker %s, other org %s%n", attackerStatuses,
				bystanderStatuses);
		return new Result(attackerStatuses, bystanderStatuses);
	}

	private static String issue(ServerProcess server, String credential, String forwardedFor) throws Exception {
		HttpResponse<String> answer = send(HttpClient.newHttpClient(), server, credential, forwardedFor);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return SignedJWT.parse(answer.body()).getJWTClaimsSet().getJWTID();
	}

	private static HttpResponse<String> send(HttpClient http, ServerProcess server, String credential,
			String forwardedFor) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + server.ports.internalPort + "/v1/tokens/oidc"))
			.header("Authorization", "Bearer " + credential)
			.POST(BodyPublishers.noBody());
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return http.send(request.build(), BodyHandlers.ofString());
	}

	private static String addressOf(String jti) throws Exception {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection
					.prepareStatement("select client_address from issued_token where jti = ?")) {
			statement.setObject(1, UUID.fromString(jti));
			try (ResultSet row = statement.executeQuery()) {
				assertThat(row.next()).as("audit row of " + jti).isTrue();
				return row.getString(1);
			}
		}
	}

	private static List<String> addressesOf(String org) throws Exception {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement("select distinct client_address from "
						+ "issued_token where org_id = (select id from org where slug = ?)")) {
			statement.setString(1, org);
			List<String> addresses = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					addresses.add(rows.getString(1));
				}
			}
			return addresses;
		}
	}

	private record Result(Map<Integer, AtomicInteger> attacker, Map<Integer, AtomicInteger> bystanders) {
	}

}
