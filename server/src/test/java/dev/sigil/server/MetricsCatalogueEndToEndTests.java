package dev.sigil.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sigil.db.test.TestClock;
import dev.sigil.keystore.rotation.KeyRotationScheduler;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric the chart's Grafana dashboard and Prometheus alert rules query (the
 * chart's {@code files/metrics.txt}, which the chart's own tests hold them to) is on a
 * running server's {@code /actuator/prometheus}, with the settings the chart gives, once
 * the server has done the ordinary things: issued tokens, refused a machine over its
 * rate, rotated a key.
 */
class MetricsCatalogueEndToEndTests {

	private static final Path CATALOGUE = Path.of("..", "helm", "sigil", "files", "metrics.txt");

	private static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start("sigil.rate-limit.machine-per-minute=3",
				"management.metrics.distribution.slo.sigil.tokens.issue=1ms,5ms,25ms,100ms,1s",
				"sigil.keys.publish-ahead=1s", "sigil.keys.jwks-cache-time=1s", "sigil.issuer.document-max-age=1s");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void metricsWhenServerHasWorkedThenEveryOneTheDashboardsAndAlertsQueryExists() throws Exception {
		List<String> catalogue = Files.readAllLines(CATALOGUE)
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(catalogue).isNotEmpty();
		TestMachine machine = server.client.newMachine("metrics");
		for (int i = 0; i < 5; i++) {
			server.client.token(machine.credential(), "{\"aud\":\"a\"}");
		}
		server.bean(TestClock.class).advance(Duration.ofSeconds(2));
		assertThat(server.client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/rotate", null).statusCode())
			.isEqualTo(200);
		// The key job's run (every sigil.keys.check-interval) records each org's key age.
		server.bean(KeyRotationScheduler.class).runOnce();
		// The JVM's GC pause timer appears with the first collection after the server's
		// registry bound it, and the collector reports a pause asynchronously: ask for a
		// collection and scrape until the report has arrived (or the wait ends and the
		// assertion below names what is missing).
		System.gc();
		List<String> missing = List.of();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		do {
			String scrape = server.client
				.send("GET", server.ports.managementPort, "/actuator/prometheus", null, null, null)
				.body();
			missing = catalogue.stream()
				.filter((name) -> !scrape.lines()
					.anyMatch((line) -> line.startsWith(name + "{") || line.startsWith(name + " ")))
				.toList();
			if (!missing.isEmpty()) {
				System.gc();
				Thread.sleep(200);
			}
		}
		while (!missing.isEmpty() && System.nanoTime() < deadline);
		assertThat(missing).as("metrics the chart queries that the server does not publish").isEmpty();
	}

}
