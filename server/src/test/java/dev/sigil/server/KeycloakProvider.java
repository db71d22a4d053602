package dev.sigil.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real OpenID provider for tests: Keycloak's distribution (unpacked from Maven Central
 * by the build into {@code target/keycloak}) in development mode, started once with a
 * realm the test writes, on {@code localhost}, while Sigil is reached as
 * {@code 127.0.0.1}: another site, as any provider a company uses would be. It stops with
 * the JVM.
 */
final class KeycloakProvider {

	static final String ADMIN = "keycloak-admin";

	static final String ADMIN_PASSWORD = "keycloak-admin-password";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final int port = TestPorts.freePort();

	private final int managementPort = TestPorts.freePort();

	private final Process process;

	private final Path log;

	private KeycloakProvider(String realmJson) throws IOException {
		Path home = home();
		// A fresh database each run: Keycloak skips importing a realm it already has.
		deleteTree(home.resolve("data/h2"));
		Path imports = home.resolve("data/import");
		Files.createDirectories(imports);
		try (Stream<Path> old = Files.list(imports)) {
			for (Path file : old.toList()) {
				Files.delete(file);
			}
		}
		Files.writeString(imports.resolve("realm.json"), realmJson);
		this.log = Path.of("target", "process-logs", "keycloak.log");
		Files.createDirectories(this.log.getParent());
		ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
				"--http-port=" + this.port, "--http-management-port=" + this.managementPort, "--health-enabled=true",
				"--import-realm", "--hostname-strict=false");
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
		builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
		builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
		builder.redirectErrorStream(true).redirectOutput(this.log.toFile());
		this.process = builder.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-stop"));
	}

	/**
	 * Starts Keycloak with the realm and waits until it is ready (up to three minutes).
	 */
	static KeycloakProvider start(String realmJson) throws IOException {
		KeycloakProvider provider = new KeycloakProvider(realmJson);
		provider.awaitReady(Duration.ofMinutes(3));
		return provider;
	}

	String issuer(String realm) {
		return "http://localhost:" + this.port + "/realms/" + realm;
	}

	/**
	 * Changes a user's username, as a person renamed in the company directory would be.
	 */
	void renameUser(String realm, String username, String newUsername) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String admin = "http://localhost:" + this.port;
		String form = "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password="
				+ URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8);
		JsonNode token = JSON.readTree(
				http.send(HttpRequest.newBuilder(URI.create(admin + "/realms/master/protocol/openid-connect/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(BodyPublishers.ofString(form))
					.build(), BodyHandlers.ofString()).body());
		String bearer = "Bearer " + token.get("access_token").asString();
		JsonNode users = JSON.readTree(http.send(HttpRequest
			.newBuilder(URI.create(admin + "/admin/realms/" + realm + "/users?exact=true&username=" + username))
			.header("Authorization", bearer)
			.build(), BodyHandlers.ofString()).body());
		String id = users.get(0).get("id").asString();
		HttpResponse<String> renamed = http
			.send(HttpRequest.newBuilder(URI.create(admin + "/admin/realms/" + realm + "/users/" + id))
				.header("Authorization", bearer)
				.header("Content-Type", "application/json")
				.PUT(BodyPublishers.ofString("{\"username\":\"" + newUsername + "\"}"))
				.build(), BodyHandlers.ofString());
		if (renamed.statusCode() != 204) {
			throw new IllegalStateException(
					"Keycloak refused the rename: " + renamed.statusCode() + " " + renamed.body());
		}
	}

	private void awaitReady(Duration atMost) throws IOException {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + atMost.toNanos();
		HttpRequest ready = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.managementPort + "/health/ready"))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Keycloak exited:\n" + tail());
			}
			try {
				if (http.send(ready, BodyHandlers.discarding()).statusCode() == 200) {
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
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		stop();
		throw new IllegalStateException("Keycloak was not ready within " + atMost + ":\n" + tail());
	}

	private String tail() throws IOException {
		List<String> lines = Files.readAllLines(this.log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	void stop() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static Path home() throws IOException {
		Path unpacked = Path.of("target", "keycloak");
		try (Stream<Path> entries = Files.list(unpacked)) {
			return entries.filter((entry) -> entry.getFileName().toString().startsWith("keycloak-"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No Keycloak under " + unpacked.toAbsolutePath() + ": the build unpacks it (mvn verify)"));
		}
	}

}
