package dev.sigil.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the server under load loses no audit record: every token a client
 * received is found, through the management API, by the server started again on the same
 * database.
 */
@Tag("process")
class CrashProcessTests {

	@Test
	void serverWhenKilledUnderLoadThenEveryTokenReceivedIsInTheLedgerAfterRestart() throws Exception {
		Set<String> received = ConcurrentHashMap.newKeySet();
		Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
		String org;
		try (ServerProcess server = ServerProcess.start("crash-before", new TestPorts(), Map.of())) {
			TestMachine first = server.client.newMachine("crash");
			org = first.org();
			List<String> credentials = new ArrayList<>(List.of(first.credential()));
			for (int i = 2; i <= 8; i++) {
				credentials.add(server.client.createMachine(org, first.app(), "web-" + i).get("credential").asString());
			}
			ExecutorService pool = Executors.newFixedThreadPool(8);
			List<Future<?>> loops = new ArrayList<>();
			for (String credential : credentials) {
				loops.add(pool.submit(() -> {
					HttpClient http = HttpClient.newHttpClient();
					HttpRequest request = HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + server.ports.internalPort + "/v1/tokens/oidc"))
						.header("Authorization", "Bearer " + credential)
						.POST(BodyPublishers.ofString("{\"aud\":\"crash-test\"}"))
						.build();
					long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
					while (System.nanoTime() < deadline) {
						HttpResponse<String> answer;
						try {
							answer = http.send(request, BodyHandlers.ofString());
						}
						catch (java.io.IOException ex) {
							return null;
						}
						if (answer.statusCode() == 200) {
							received.add(SignedJWT.parse(answer.body()).getJWTClaimsSet().getJWTID());
						}
						else {
							failures
								.computeIfAbsent(Integer.toString(answer.statusCode()), (key) -> new AtomicInteger())
								.incrementAndGet();
						}
					}
					throw new IllegalStateException("The server was still answering a minute after kill -9");
				}));
			}
			// Four seconds of load, and well over the 200 tokens asserted below however
			// slow the machine (within the loops' minute).
			Thread.sleep(4000);
			await().atMost(java.time.Duration.ofSeconds(40)).until(() -> received.size() > 300);
			server.kill9();
			for (Future<?> loop : loops) {
				loop.get();
			}
			pool.shutdown();
		}
		System.out.printf("kill -9 under load: %d tokens received before the crash, other answers %s%n",
				received.size(), failures);
		assertThat(received).hasSizeGreaterThan(200);
		try (ServerProcess restarted = ServerProcess.start("crash-after", new TestPorts(), Map.of())) {
			List<String> missing = new java.util.concurrent.CopyOnWriteArrayList<>();
			ExecutorService pool = Executors.newFixedThreadPool(4);
			List<Future<Boolean>> lookups = new ArrayList<>();
			for (String jti : received) {
				lookups.add(pool.submit(() -> {
					JsonNode page = SigilClient.parse(
							restarted.client.admin("GET", "/api/v1/orgs/" + org + "/tokens?jti=" + jti, null).body());
					boolean found = page.get("items").size() == 1;
					if (!found) {
						missing.add(jti);
					}
					return found;
				}));
			}
			for (Future<Boolean> lookup : lookups) {
				lookup.get();
			}
			pool.shutdown();
			assertThat(missing).as("tokens received whose audit record the restarted server cannot find").isEmpty();
		}
	}

}
