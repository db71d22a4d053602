package dev.sigil.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sigil.db.test.TestDatabase;

/**
 * The packaged server ({@code target/sigil-server.jar}) run as a process of its own,
 * configured only through its environment as an operator would, on the test database: for
 * tests that need a real environment (Kubernetes' variables) or a real crash
 * ({@code kill -9}).
 */
final class ServerProcess implements AutoCloseable {

	private static final Path JAR = Path.of("target", "sigil-server.jar");

	final TestPorts ports;

	final SigilClient client;

	private final Process process;

	private final Path log;

	private ServerProcess(TestPorts ports, Process process, Path log) {
		this.ports = ports;
		this.client = new SigilClient(ports);
		this.process = process;
		this.log = log;
	}

	/** Starts the server with the given extra environment and waits until it is ready. */
	static ServerProcess start(String name, TestPorts ports, Map<String, String> extra) throws IOException {
		ServerProcess server = launch(name, ports, extra);
		server.awaitReady(Duration.ofSeconds(90));
		return server;
	}

	/**
	 * Starts the server with the given extra environment, expecting it to stop by itself.
	 */
	static Exited startExpectingExit(String name, TestPorts ports, Map<String, String> extra)
			throws IOException, InterruptedException {
		ServerProcess server = launch(name, ports, extra);
		if (!server.process.waitFor(90, TimeUnit.SECONDS)) {
			server.process.destroyForcibly();
			throw new IllegalStateException("The server did not stop by itself:\n" + server.tail());
		}
		return new Exited(server.process.exitValue(), Files.readString(server.log));
	}

	/**
	 * How a server that stopped by itself ended: its exit status and everything it
	 * printed.
	 */
	record Exited(int status, String output) {
	}

	private static ServerProcess launch(String name, TestPorts ports, Map<String, String> extra) throws IOException {
		if (!Files.isRegularFile(JAR)) {
			throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run these tests with mvn verify");
		}
		TestDatabase database = TestDatabase.get();
		Map<String, String> environment = new HashMap<>();
		environment.put("SIGIL_INTERNAL_PORT", Integer.toString(ports.internalPort));
		environment.put("SIGIL_PUBLIC_PORT", Integer.toString(ports.publicPort));
		environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(ports.managementPort));
		environment.put("SIGIL_ADMIN_PORT", Integer.toString(ports.adminPort));
		environment.put("SIGIL_ISSUER_BASE_URL", "http://localhost:" + ports.publicPort);
		environment.put("SIGIL_KEK", ports.kek);
		environment.put("SIGIL_BOOTSTRAP_ADMIN_TOKEN", ports.adminToken);
		environment.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
		environment.put("SPRING_DATASOURCE_USERNAME", database.applicationUsername());
		environment.put("SPRING_DATASOURCE_PASSWORD", database.applicationPassword());
		environment.put("SIGIL_DB_OWNER_USERNAME", database.username());
		environment.put("SIGIL_DB_OWNER_PASSWORD", database.password());
		environment.put("SIGIL_RATE_LIMIT_MACHINE_PER_MINUTE", "0");
		environment.put("SIGIL_RATE_LIMIT_ORG_PER_SECOND", "0");
		environment.putAll(extra);
		Path log = Path.of("target", "process-logs", name + ".log");
		Files.createDirectories(log.getParent());
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString());
		builder.environment()
			.keySet()
			.removeIf((key) -> key.startsWith("SIGIL_") || key.startsWith("SPRING_") || key.startsWith("KUBERNETES_"));
		builder.environment().putAll(environment);
		builder.redirectErrorStream(true).redirectOutput(log.toFile());
		return new ServerProcess(ports, builder.start(), log);
	}

	private void awaitReady(Duration atMost) throws IOException {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + atMost.toNanos();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.ports.managementPort + "/actuator/health/readiness"))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The server exited with " + this.process.exitValue() + ":\n" + tail());
			}
			try {
				if (http.send(readiness, BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(200);
		}
		this.process.destroyForcibly();
		throw new IllegalStateException("The server was not ready within " + atMost + ":\n" + tail());
	}

	/**
	 * Ends the process with SIGKILL: no shutdown hook, no graceful stop, nothing flushed.
	 */
	void kill9() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	String tail() throws IOException {
		List<String> lines = Files.readAllLines(this.log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
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

}
