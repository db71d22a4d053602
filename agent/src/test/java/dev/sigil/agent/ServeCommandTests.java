package dev.sigil.agent;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sigil.agent.testsupport.AgentProcess;
import dev.sigil.agent.testsupport.FakePlatform;
import dev.sigil.agent.testsupport.TestTokens;
import dev.sigil.agent.testsupport.UnixHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sigil-agent serve}, through the launcher: the token file, its renewal, and the
 * socket.
 */
@Tag("process")
class ServeCommandTests {

	@TempDir
	Path dir;

	private FakePlatform platform;

	private String credential;

	private Path tokenFile;

	private Path socket;

	@BeforeEach
	void start() throws Exception {
		this.platform = FakePlatform.start();
		this.credential = this.platform.addMachine("web", "web-1");
		this.tokenFile = AgentProcess.tokenFile(this.dir);
		this.socket = AgentProcess.socket(this.dir);
	}

	@AfterEach
	void stop() {
		this.platform.close();
	}

	@Test
	void serveWhenReadyThenTokenFileOwnerOnlyAndSocketGroupOnly() throws Exception {
		try (AgentProcess agent = AgentProcess.start(this.dir, environment(), "serve")) {
			agent.awaitFile(this.socket);
			assertThat(mode(this.tokenFile)).isEqualTo("rw-------");
			assertThat(mode(this.socket)).isEqualTo("rw-rw----");
			assertThat(TestTokens.claimsOf(Files.readString(this.tokenFile))).containsEntry("sub", "acme:web:web-1")
				.containsEntry("iss", this.platform.issuer())
				.containsEntry("aud", this.platform.issuer());
		}
	}

	@Test
	void serveWhenRefreshIntervalPassesThenTokenFileReplaced() throws Exception {
		Map<String, String> environment = AgentProcess.with(environment(), "SIGIL_REFRESH_INTERVAL", "1s");
		try (AgentProcess agent = AgentProcess.start(this.dir, environment, "serve")) {
			agent.awaitFile(this.socket);
			String first = Files.readString(this.tokenFile);
			AgentProcess.patiently().until(() -> this.platform.issued() >= 3);
			AgentProcess.patiently().until(() -> !Files.readString(this.tokenFile).equals(first));
			assertThat(mode(this.tokenFile)).isEqualTo("rw-------");
			assertThat(TestTokens.claimsOf(Files.readString(this.tokenFile)).get("jti"))
				.isNotEqualTo(TestTokens.claimsOf(first).get("jti"));
		}
	}

	@Test
	void serveWhenPlatformDownThenKeepsValidTokenAndRecoversAfterwards() throws Exception {
		Map<String, String> environment = AgentProcess.with(environment(), "SIGIL_REFRESH_INTERVAL", "1s");
		try (AgentProcess agent = AgentProcess.start(this.dir, environment, "serve")) {
			agent.awaitFile(this.socket);
			this.platform.mode(FakePlatform.Mode.OUTAGE);
			// After two refusals, no refresh that began before the outage is still
			// writing.
			AgentProcess.patiently().until(() -> this.platform.refused() >= 2);
			String kept = Files.readString(this.tokenFile);
			agent.awaitStderr("failed: HTTP 503 platform unavailable");
			AgentProcess.patiently().until(() -> this.platform.refused() >= 3);
			assertThat(this.tokenFile).hasContent(kept);
			assertThat(agent.stderr()).contains("the token in place stays valid until");
			this.platform.mode(FakePlatform.Mode.ISSUE);
			AgentProcess.patiently().until(() -> !Files.readString(this.tokenFile).equals(kept));
			agent.awaitStderr("recovered after");
			assertThat(agent.stderr()).doesNotContain(this.credential).doesNotContain(kept);
		}
	}

	@Test
	void serveWhenCredentialRevokedLaterThenLogsReasonAndKeepsToken() throws Exception {
		Map<String, String> environment = AgentProcess.with(environment(), "SIGIL_REFRESH_INTERVAL", "1s");
		try (AgentProcess agent = AgentProcess.start(this.dir, environment, "serve")) {
			agent.awaitFile(this.socket);
			this.platform.mode(FakePlatform.Mode.REVOKED);
			// After two refusals, no refresh that began before the revocation is still
			// writing.
			AgentProcess.patiently().until(() -> this.platform.refused() >= 2);
			String kept = Files.readString(this.tokenFile);
			agent.awaitStderr("failed: HTTP 401 credential rejected: revoked, replaced or unknown");
			AgentProcess.patiently().until(() -> this.platform.refused() >= 3);
			assertThat(this.tokenFile).hasContent(kept);
			assertThat(agent.isAlive()).isTrue();
			assertThat(agent.stderr()).doesNotContain(this.credential);
		}
	}

	@Test
	void serveWhenCredentialRevokedAtStartThenExitsWithClearError() throws Exception {
		this.platform.mode(FakePlatform.Mode.REVOKED);
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "serve");
		assertThat(agent.exitValue()).isEqualTo(1);
		assertThat(agent.stderr())
			.contains("no token for " + this.tokenFile + ": HTTP 401 credential rejected: revoked")
			.doesNotContain(this.credential);
		assertThat(this.socket).doesNotExist();
	}

	@Test
	void serveWhenTokenFileDirectoryCannotBeCreatedThenStopsAtOnceWithOneLineNamingTheVariable() throws Exception {
		Files.writeString(this.dir.resolve("blocker"), "");
		Path tokenFile = this.dir.resolve("blocker").resolve("sigil").resolve("oidc_token");
		AgentProcess agent = AgentProcess.run(this.dir,
				AgentProcess.with(environment(), "SIGIL_TOKEN_FILE", tokenFile.toString()), "serve");
		assertThat(agent.exitValue()).isEqualTo(1);
		assertThat(agent.stderr().lines()).singleElement()
			.asString()
			.endsWith("ERROR cannot create " + tokenFile.getParent() + " for the token file (Not a directory): set "
					+ "SIGIL_TOKEN_FILE to a path in a directory this user can write");
		assertThat(this.platform.issued()).isZero();
	}

	@Test
	void serveWhenPlatformUnreachableAtStartThenRetriesThenFailsSayingConnectionRefused() throws Exception {
		int port;
		try (ServerSocket closed = new ServerSocket(0)) {
			port = closed.getLocalPort();
		}
		Map<String, String> environment = AgentProcess.with(environment(), "SIGIL_URL", "http://127.0.0.1:" + port);
		environment.put("SIGIL_STARTUP_TIMEOUT", "3s");
		AgentProcess agent = AgentProcess.run(this.dir, environment, "serve");
		assertThat(agent.exitValue()).isEqualTo(1);
		assertThat(agent.stderr())
			.contains("no token yet for " + this.tokenFile + ": connection refused: http://127.0.0.1:" + port)
			.contains("ERROR no token for " + this.tokenFile + ": connection refused");
	}

	@Test
	void serveWhenPlatformDownAtStartThenWaitsForIt() throws Exception {
		this.platform.mode(FakePlatform.Mode.OUTAGE);
		try (AgentProcess agent = AgentProcess.start(this.dir, environment(), "serve")) {
			AgentProcess.patiently().until(() -> this.platform.refused() >= 1);
			assertThat(this.tokenFile).doesNotExist();
			this.platform.mode(FakePlatform.Mode.ISSUE);
			agent.awaitFile(this.socket);
			assertThat(this.tokenFile).exists();
		}
	}

	@Test
	void serveWhenSocketAskedForAudienceThenTokenCarriesIt() throws Exception {
		try (AgentProcess agent = AgentProcess.start(this.dir, environment(), "serve")) {
			agent.awaitFile(this.socket);
			UnixHttp.Response response = UnixHttp.post(this.socket, "{\"aud\":\"vault.example\"}");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.headers()).containsEntry("content-type", "text/plain")
				.containsEntry("cache-control", "no-store");
			assertThat(TestTokens.claimsOf(response.body())).containsEntry("aud", "vault.example")
				.containsEntry("sub", "acme:web:web-1");
			UnixHttp.Response byDefault = UnixHttp.post(this.socket, null);
			assertThat(TestTokens.claimsOf(byDefault.body())).containsEntry("aud", this.platform.issuer());
		}
	}

	@Test
	void serveWhenSocketAskedBadlyOrPlatformRefusesThenProblems() throws Exception {
		try (AgentProcess agent = AgentProcess.start(this.dir, environment(), "serve")) {
			agent.awaitFile(this.socket);
			assertThat(UnixHttp.exchange(this.socket, "GET", "/v1/tokens/oidc", null).status()).isEqualTo(405);
			assertThat(UnixHttp.exchange(this.socket, "POST", "/v1/other", "{}").status()).isEqualTo(404);
			assertThat(UnixHttp.post(this.socket, "{\"aud\":").status()).isEqualTo(400);
			this.platform.mode(FakePlatform.Mode.OUTAGE);
			UnixHttp.Response outage = UnixHttp.post(this.socket, null);
			assertThat(outage.status()).isEqualTo(503);
			assertThat(outage.headers()).containsEntry("content-type", "application/problem+json");
			assertThat(outage.body()).contains("urn:sigil:problem:database-unavailable");
		}
	}

	@Test
	void serveWhenTerminatedThenRemovesSocketAndExitsZero() throws Exception {
		try (AgentProcess agent = AgentProcess.start(this.dir, environment(), "serve")) {
			agent.awaitFile(this.socket);
			agent.signal("TERM");
			assertThat(agent.awaitExit()).isZero();
			assertThat(this.socket).doesNotExist();
			assertThat(this.tokenFile).exists();
			assertThat(agent.stderr()).contains("stopped by SIGTERM");
		}
	}

	private Map<String, String> environment() {
		return AgentProcess.environment(this.platform, this.credential, this.dir);
	}

	private static String mode(Path file) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
	}

}
