package dev.sigil.agent;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sigil.agent.testsupport.AgentProcess;
import dev.sigil.agent.testsupport.FakePlatform;
import dev.sigil.agent.testsupport.PlatformWithMachine;
import dev.sigil.agent.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@code sigil-agent run -- CMD}, through the launcher, with a real child process. */
@Tag("process")
class RunCommandTests {

	@TempDir
	Path dir;

	@RegisterExtension
	final PlatformWithMachine fake = new PlatformWithMachine();

	@Test
	void runWhenChildExitsThenAgentExitsWithItsStatus() throws Exception {
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "run", "--", "sh", "-c",
				"test -s \"$SIGIL_TOKEN_FILE\" && echo token-was-there; exit 7");
		assertThat(agent.exitValue()).isEqualTo(7);
		assertThat(agent.stdout()).contains("token-was-there");
		assertThat(AgentProcess.socket(this.dir)).as("socket removed on exit").doesNotExist();
	}

	@ParameterizedTest
	@CsvSource({ "TERM, 42", "INT, 43", "HUP, 44" })
	void runWhenAgentSignalledThenChildGetsSignalAndAgentExitsWithChildsStatus(String signal, int status)
			throws Exception {
		assumeFalse(ignoredHere(signal), "SIG" + signal + " is ignored in this test run, and so in the agent");
		try (AgentProcess agent = AgentProcess.start(this.dir, environment(), "run", "--", "sh", "-c",
				"trap 'echo child got " + signal + "; exit " + status + "' " + signal
						+ "; echo ready; while :; do sleep 0.1; done")) {
			agent.awaitStdout("ready");
			agent.signal(signal);
			assertThat(agent.awaitExit()).isEqualTo(status);
			assertThat(agent.stdout()).contains("child got " + signal);
		}
	}

	@Test
	void runWhenChildKilledBySignalThenAgentExitsLikeShell() throws Exception {
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "run", "--", "sh", "-c", "kill -KILL $$");
		assertThat(agent.exitValue()).isEqualTo(128 + 9);
	}

	@Test
	void runWhenCommandMissingThenExits127AndSaysWhy() throws Exception {
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "run", "--", "no-such-command-here");
		assertThat(agent.exitValue()).isEqualTo(127);
		assertThat(agent.stderr()).contains("cannot start no-such-command-here");
	}

	@Test
	void runWhenCredentialGivenAsValueThenChildEnvironmentNeverHoldsIt() throws Exception {
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "run", "--", "env");
		assertThat(agent.exitValue()).isZero();
		assertThat(agent.stdout()).contains("SIGIL_TOKEN_FILE=")
			.doesNotContain("SIGIL_MACHINE_CREDENTIAL")
			.doesNotContain(this.fake.credential());
		assertThat(agent.stderr()).doesNotContain(this.fake.credential());
	}

	@Test
	void runWhenCredentialGivenAsFileThenChildEnvironmentDoesNotPointAtIt() throws Exception {
		Path credentialFile = this.dir.resolve("credential");
		Files.writeString(credentialFile, this.fake.credential() + "\n");
		Map<String, String> environment = environment();
		environment.remove("SIGIL_MACHINE_CREDENTIAL");
		environment.put("SIGIL_MACHINE_CREDENTIAL_FILE", credentialFile.toString());
		AgentProcess agent = AgentProcess.run(this.dir, environment, "run", "--", "env");
		assertThat(agent.exitValue()).isZero();
		assertThat(agent.stdout()).contains("SIGIL_SOCKET=")
			.doesNotContain("SIGIL_MACHINE_CREDENTIAL")
			.doesNotContain(credentialFile.toString());
	}

	@Test
	void runWhenAwsRoleArnSetThenChildGetsStsTokenFileAndSessionName() throws Exception {
		String credential = this.fake.platform().addMachine("web", "web 2/blue");
		Map<String, String> environment = AgentProcess.environment(this.fake.platform(), credential, this.dir);
		environment.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web");
		AgentProcess agent = AgentProcess.run(this.dir, environment, "run", "--", "env");
		Path tokenFile = AgentProcess.tokenFile(this.dir);
		assertThat(agent.stdout()).contains("AWS_WEB_IDENTITY_TOKEN_FILE=" + tokenFile + "\n")
			.contains("AWS_ROLE_SESSION_NAME=web-2-blue\n");
		assertThat(TestTokens.claimsOf(Files.readString(tokenFile))).containsEntry("aud", "sts.amazonaws.com");
	}

	@Test
	void runWhenAzureClientIdSetThenChildGetsTokenFileForAzureExchange() throws Exception {
		Map<String, String> environment = environment();
		environment.put("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000000");
		AgentProcess agent = AgentProcess.run(this.dir, environment, "run", "--", "env");
		Path azureFile = AgentProcess.tokenFile(this.dir).resolveSibling("azure_token");
		assertThat(agent.stdout()).contains("AZURE_FEDERATED_TOKEN_FILE=" + azureFile + "\n")
			.doesNotContain("AWS_WEB_IDENTITY_TOKEN_FILE");
		assertThat(TestTokens.claimsOf(Files.readString(azureFile))).containsEntry("aud", "api://AzureADTokenExchange");
		assertThat(TestTokens.claimsOf(Files.readString(AgentProcess.tokenFile(this.dir)))).containsEntry("aud",
				this.fake.platform().issuer());
	}

	@Test
	void runWhenCredentialRevokedThenFailsClearlyWithoutStartingChild() throws Exception {
		this.fake.platform().mode(FakePlatform.Mode.REVOKED);
		Path marker = this.dir.resolve("child-ran");
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "run", "--", "touch", marker.toString());
		assertThat(agent.exitValue()).isEqualTo(1);
		assertThat(agent.stderr()).contains("ERROR no token for " + AgentProcess.tokenFile(this.dir))
			.contains("HTTP 401 credential rejected: revoked, replaced or unknown")
			.doesNotContain(this.fake.credential());
		assertThat(marker).doesNotExist();
		assertThat(AgentProcess.tokenFile(this.dir)).doesNotExist();
	}

	@Test
	void runWhenNoCommandThenUsageAndStatus2() throws Exception {
		AgentProcess agent = AgentProcess.run(this.dir, environment(), "run");
		assertThat(agent.exitValue()).isEqualTo(2);
		assertThat(agent.stderr()).contains("run needs the command to start", "Usage: sigil-agent");
	}

	private Map<String, String> environment() {
		return AgentProcess.environment(this.fake.platform(), this.fake.credential(), this.dir);
	}

	/**
	 * Whether this JVM was started with the signal ignored: a child inherits that, and
	 * Java cannot undo it.
	 */
	private static boolean ignoredHere(String signal) throws IOException {
		int number = switch (signal) {
			case "HUP" -> 1;
			case "INT" -> 2;
			default -> 15;
		};
		String mask = Files.readAllLines(Path.of("/proc/self/status"))
			.stream()
			.filter((line) -> line.startsWith("SigIgn:"))
			.map((line) -> line.substring("SigIgn:".length()).trim())
			.findFirst()
			.orElse("0");
		return new BigInteger(mask, 16).testBit(number - 1);
	}

}
