package dev.sigil.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A machine stuck in a loop is refused with 429 and told when to come back, while another
 * machine of the same org keeps getting its tokens.
 */
class RateLimitEndToEndTests {

	private static final int PER_MINUTE = 10;

	private static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start("sigil.rate-limit.machine-per-minute=" + PER_MINUTE,
				"sigil.rate-limit.org-per-second=1000");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void tokenWhenOneMachineLoopsThenItGets429WithRetryAfterAndItsSiblingKeepsGetting200() throws Exception {
		SigilClient client = server.client;
		TestMachine looping = client.newMachine("loop");
		String sibling = client.createMachine(looping.org(), looping.app(), "web-2").get("credential").asString();
		long started = System.nanoTime();
		CompletableFuture<List<HttpResponse<String>>> loop = CompletableFuture.supplyAsync(() -> {
			List<HttpResponse<String>> answers = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				answers.add(client.token(looping.credential(), null));
			}
			return answers;
		});
		List<Integer> siblingStatuses = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			siblingStatuses.add(client.token(sibling, null).statusCode());
			Thread.sleep(25);
		}
		List<HttpResponse<String>> answers = loop.get();
		// The bucket refills PER_MINUTE tokens a minute: what the loop's own
		// duration let in.
		long refilled = (System.nanoTime() - started) * PER_MINUTE / Duration.ofMinutes(1).toNanos() + 1;
		List<HttpResponse<String>> refused = answers.stream().filter((answer) -> answer.statusCode() == 429).toList();
		long issued = answers.stream().filter((answer) -> answer.statusCode() == 200).count();
		assertThat(siblingStatuses).as("the sibling of a looping machine").containsOnly(200);
		assertThat(issued + refused.size()).as("every answer is a token or a 429").isEqualTo(200);
		assertThat(issued).as("the bucket's burst, and what refilled during the loop")
			.isBetween((long) PER_MINUTE, PER_MINUTE + refilled);
		assertThat(refused).allSatisfy((answer) -> {
			assertThat(answer.headers().firstValue("Retry-After"))
				.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(SigilClient.parse(answer.body()).get("type").asString())
				.isEqualTo("urn:sigil:problem:rate-limited");
		});
		String metrics = client.send("GET", server.ports.managementPort, "/actuator/prometheus", null, null, null)
			.body();
		assertThat(metrics)
			.contains("sigil_tokens_rate_limited_total{limit=\"machine\",org=\"" + looping.org() + "\"}");
	}

}
