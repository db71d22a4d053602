package dev.sigil.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sigil.agent.json.Json;
import dev.sigil.agent.testsupport.AgentProcess;
import dev.sigil.agent.testsupport.FakePlatform;
import dev.sigil.agent.testsupport.ProjectedServiceAccountToken;
import dev.sigil.agent.testsupport.TestTokens;
import dev.sigil.agent.testsupport.UnixHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent without a machine credential, through the launcher: it exchanges a Kubernetes
 * projected service-account token, which the test rotates as the kubelet does, for its
 * machine tokens.
 */
@Tag("process")
class TokenExchangeAgentTests {

	private static final String POD = "web-7d9f4-x2x8q";

	@TempDir
	Path dir;

	private FakePlatform platform;

	private ProjectedServiceAccountToken projected;

	private Path tokenFile;

	private Path socket;

	@BeforeEach
	void start() throws Exception {
		this.platform = FakePlatform.start();
		this.projected = ProjectedServiceAccountToken.create(this.dir.resolve("serviceaccount").resolve("sigil-token"),
				POD);
		this.platform.acceptSubjectToken(this.projected.current());
		this.tokenFile = AgentProcess.tokenFile(this.dir);
		this.socket = AgentProcess.socket(this.dir);
	}

	@AfterEach
	void stop() {
		this.platform.close();
	}

	@Test
	void serveWhenProjectedTokenRotatesThenKeepsTokenFileFreshWithTheNewOne() throws Exception {
		String first = this.projected.current();
		Map<String, String> environment = AgentProcess.with(environment(), "SIGIL_REFRESH_INTERVAL", "1s");
		try (AgentProcess agent = AgentProcess.start(this.dir, environment, "serve")) {
			agent.awaitFile(this.socket);
			assertThat(TestTokens.claimsOf(Files.readString(this.tokenFile))).containsEntry("sub", "acme:web:" + POD)
				.containsEntry("aud", this.platform.issuer());
			agent.awaitStderr("using token exchange with trust policy k8s-web of org acme (subject token in "
					+ this.projected.file() + ")");
			AgentProcess.patiently().until(() -> this.platform.issued() >= 2);

			// The platform no longer takes the first token (it expired, say) before the
			// kubelet rotates the file.
			this.platform.acceptSubjectToken("rotated away");
			AgentProcess.patiently().until(() -> this.platform.refused() >= 2);
			String kept = Files.readString(this.tokenFile);
			agent.awaitStderr("failed: HTTP 400 token exchange refused (invalid_grant: the subject token is not the "
					+ "service account's current token");
			AgentProcess.patiently().until(() -> this.platform.refused() >= 3);
			assertThat(this.tokenFile).as("a valid token is never replaced with nothing").hasContent(kept);
			assertThat(agent.isAlive()).isTrue();

			// The kubelet writes the new token: the agent reads the file again for its
			// next exchange.
			String second = this.projected.rotate();
			this.platform.acceptSubjectToken(second);
			AgentProcess.patiently()
				.until(() -> Collections.frequency(this.platform.presentedSubjectTokens(), second) >= 3);
			assertThat(this.platform.presentedSubjectTokens()).startsWith(first)
				.endsWith(second, second, second)
				.containsOnly(first, second);
			assertThat(Files.readString(this.tokenFile)).isNotEqualTo(kept);
			assertThat(TestTokens.claimsOf(Files.readString(this.tokenFile))).containsEntry("sub", "acme:web:" + POD);
			agent.awaitStderr("recovered after");
			assertThat(agent.stderr()).doesNotContain(first)
				.doesNotContain(second)
				.doesNotContain(kept)
				.doesNotContain(Files.readString(this.tokenFile));
		}
	}

	@Test
	void serveWhenSocketAskedThenExchangesForThatAudienceAndPassesRefusalsOnAsProblems() throws Exception {
		try (AgentProcess agent = AgentProcess.start(this.dir, environment(), "serve")) {
			agent.awaitFile(this.socket);
			UnixHttp.Response response = UnixHttp.post(this.socket, "{\"aud\":\"vault.example\"}");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.headers()).containsEntry("content-type", "text/plain")
				.containsEntry("cache-control", "no-store");
			assertThat(TestTokens.claimsOf(response.body())).containsEntry("aud", "vault.example")
				.containsEntry("sub", "acme:web:" + POD);
			assertThat(this.platform.requestedAudiences()).containsExactly(null, "vault.example");

			this.platform.acceptSubjectToken("rotated away");
			UnixHttp.Response refused = UnixHttp.post(this.socket, null);
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.headers()).containsEntry("content-type", "application/problem+json");
			assertThat(Json.parseObject(refused.body()))
				.containsEntry("type", "urn:sigil:problem:token-exchange-refused")
				.containsEntry("error", "invalid_grant");
			assertThat(refused.body()).doesNotContain(this.projected.current());
		}
	}

	@Test
	void tokenWhenTokenExchangeConfiguredThenPrintsTokenForAudience() throws Exception {
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "token", "--aud", "vault.example");
		assertThat(agent.exitValue()).as(agent.stderr()).isZero();
		assertThat(TestTokens.claimsOf(agent.stdout().strip())).containsEntry("aud", "vault.example")
			.containsEntry("sub", "acme:web:" + POD);
		assertThat(agent.stderr()).isEmpty();
		assertThat(this.platform.presentedSubjectTokens()).containsExactly(this.projected.current());
	}

	@Test
	void serveWhenSubjectTokenRefusedAtStartThenExitsQuotingThePlatformsError() throws Exception {
		this.platform.acceptSubjectToken("another");
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "serve");
		assertThat(agent.exitValue()).isEqualTo(1);
		assertThat(agent.stderr()).contains("ERROR no token for " + this.tokenFile
				+ ": HTTP 400 token exchange refused (invalid_grant: the subject token is not the service account's")
			.doesNotContain(this.projected.current());
		assertThat(this.socket).doesNotExist();
		assertThat(this.tokenFile).doesNotExist();
	}

	@Test
	void serveWhenTrustPolicyUnknownAtStartThenExitsQuotingThePlatformsError() throws Exception {
		Map<String, String> environment = AgentProcess.with(environment(), "SIGIL_TRUST_POLICY", "k8s-batch");
		AgentProcess agent = AgentProcess.run(this.dir, environment, "serve");
		assertThat(agent.exitValue()).isEqualTo(1);
		assertThat(agent.stderr()).contains(
				"HTTP 401 token exchange refused (invalid_client: no trust policy named 'k8s-batch' in this org)");
	}

	@Test
	void runWhenTokenExchangeConfiguredThenChildGetsTokenFileButNoneOfTheExchangeVariables() throws Exception {
		Map<String, String> environment = AgentProcess.with(environment(), "AWS_ROLE_ARN",
				"arn:aws:iam::123456789012:role/web");
		AgentProcess agent = AgentProcess.run(this.dir, environment, "run", "--", "env");
		assertThat(agent.exitValue()).as(agent.stderr()).isZero();
		assertThat(agent.stdout()).contains("AWS_WEB_IDENTITY_TOKEN_FILE=" + this.tokenFile + "\n")
			.contains("AWS_ROLE_SESSION_NAME=" + POD + "\n")
			.contains("SIGIL_SOCKET=")
			.doesNotContain("SIGIL_SUBJECT_TOKEN_FILE")
			.doesNotContain("SIGIL_TRUST_POLICY")
			.doesNotContain("SIGIL_ORG")
			.doesNotContain(this.projected.current());
		assertThat(TestTokens.claimsOf(Files.readString(this.tokenFile, StandardCharsets.UTF_8))).containsEntry("aud",
				"sts.amazonaws.com");
	}

	private Map<String, String> environment() {
		return AgentProcess.exchangeEnvironment(this.platform, this.projected.file(), this.dir);
	}

}
