package dev.sigil.agent;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.sigil.agent.testsupport.AgentProcess;
import dev.sigil.agent.testsupport.FakePlatform;
import dev.sigil.agent.testsupport.PlatformWithMachine;
import dev.sigil.agent.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sigil-agent token}, through the launcher: with the credential, and from inside a
 * workload.
 */
@Tag("process")
class TokenCommandTests {

	@TempDir
	Path dir;

	@RegisterExtension
	final PlatformWithMachine fake = new PlatformWithMachine();

	@Test
	void tokenWhenCredentialHeldThenPrintsTokenAloneForAudience() throws Exception {
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "token", "--aud", "vault.example");
		assertThat(agent.exitValue()).isZero();
		String printed = agent.stdout();
		assertThat(printed).endsWith("\n").doesNotContain(" ");
		assertThat(TestTokens.claimsOf(printed.strip())).containsEntry("aud", "vault.example");
		assertThat(agent.stderr()).isEmpty();
	}

	@Test
	void tokenWhenRunInsideWorkloadThenAsksAgentsSocket() throws Exception {
		try (AgentProcess agent = AgentProcess.start(this.dir, environment(), "serve")) {
			agent.awaitFile(AgentProcess.socket(this.dir));
			Map<String, String> workload = Map.of("SIGIL_SOCKET", AgentProcess.socket(this.dir).toString());
			AgentProcess token = AgentProcess.run(this.dir, workload, "token", "--aud", "inside");
			assertThat(token.exitValue()).as(token.stderr()).isZero();
			assertThat(TestTokens.claimsOf(token.stdout().strip())).containsEntry("aud", "inside")
				.containsEntry("sub", "acme:web:web-1");
		}
	}

	@Test
	void tokenWhenCredentialRevokedThenStatus1AndReason() throws Exception {
		this.fake.platform().mode(FakePlatform.Mode.REVOKED);
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "token");
		assertThat(agent.exitValue()).isEqualTo(1);
		assertThat(agent.stdout()).isEmpty();
		assertThat(agent.stderr()).contains("no token: HTTP 401 credential rejected: revoked")
			.doesNotContain(this.fake.credential());
	}

	@Test
	void tokenWhenUrlIsThePublicPortThenSaysToUseTheInternalOne() throws Exception {
		this.fake.platform().mode(FakePlatform.Mode.PUBLIC_PORT);
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "token");
		assertThat(agent.exitValue()).isEqualTo(1);
		assertThat(agent.stderr().lines()).singleElement()
			.asString()
			.endsWith("no token: SIGIL_URL " + this.fake.platform().url() + " answered 404 for /v1/tokens/oidc: is it "
					+ "the internal port (8081 by default), not the public (8080) or admin (8082) one?");
	}

	@Test
	void tokenWhenNeitherCredentialNorSocketThenNamesVariables() throws Exception {
		AgentProcess agent = AgentProcess.run(this.dir, Map.of("SIGIL_SOCKET", this.dir.resolve("none").toString()),
				"token");
		assertThat(agent.exitValue()).isEqualTo(2);
		assertThat(agent.stderr()).contains("SIGIL_MACHINE_CREDENTIAL", "SIGIL_MACHINE_CREDENTIAL_FILE",
				"SIGIL_SOCKET");
	}

	private Map<String, String> environment() {
		return AgentProcess.environment(this.fake.platform(), this.fake.credential(), this.dir);
	}

}
