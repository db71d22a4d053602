package dev.sigil.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's {@code explain}, run as its own process with a machine credential against
 * this server: it prints each check, exits 0 for a valid token and 1 for a refused one,
 * names the failing AWS trust policy condition, never prints the token, and may not
 * explain another machine's token.
 */
class AgentExplainProcessTests extends ServerTestSupport {

	@TempDir
	Path dir;

	@Test
	void explainWhenTokenFileValidThenPrintsChecksAndExitsZero() throws Exception {
		TestMachine machine = this.client.newMachine("agent");
		String token = this.client.issueToken(machine.credential(), "sts.amazonaws.com");
		Path file = Files.writeString(this.dir.resolve("oidc_token"), token);
		Result result = agent(machine.credential(), "explain", "--token-file", file.toString(), "--aud",
				"sts.amazonaws.com");
		assertThat(result.status()).as(result.output()).isZero();
		assertThat(result.output()).contains("VALID")
			.contains("ok    signature")
			.contains("ok    audience")
			.doesNotContain(token.split("\\.")[2]);
	}

	@Test
	void explainWhenAwsTrustPolicyIsAnotherAppsThenNamesConditionAndExitsOne() throws Exception {
		TestMachine machine = this.client.newMachine("agentaws");
		this.client.createApp(machine.org(), "api");
		String policy = SigilClient
			.parse(this.client.admin("GET",
					"/api/v1/orgs/" + machine.org() + "/apps/api/trust-config/aws?aws_account_id=123456789012", null)
				.body())
			.get("trust_policy")
			.toString();
		Path policyFile = Files.writeString(this.dir.resolve("policy.json"), policy);
		// No token file: the agent asks for a fresh token for the audience.
		Result result = agent(machine.credential(), "explain", "--token-file", this.dir.resolve("none").toString(),
				"--aud", "sts.amazonaws.com", "--aws-trust-policy", policyFile.toString());
		assertThat(result.status()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("REFUSED")
			.contains("FAIL  aws_condition")
			.contains(machine.org() + ":api:*")
			.contains(machine.org() + ":web:web-1");
	}

	@Test
	void explainWhenTokenIsAnotherMachinesThenRefusedByPlatform() throws Exception {
		TestMachine machine = this.client.newMachine("agentmine");
		String other = this.client.createMachine(machine.org(), "web", "web-2").get("credential").asString();
		Path file = Files.writeString(this.dir.resolve("oidc_token"), this.client.issueToken(other, "a"));
		Result result = agent(machine.credential(), "explain", "--token-file", file.toString());
		assertThat(result.status()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("403").contains("only its own tokens");
	}

	private Result agent(String credential, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), "dev.sigil.agent.SigilAgent"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("SIGIL_"));
		environment.put("SIGIL_URL", "http://127.0.0.1:" + PORTS.internalPort);
		environment.put("SIGIL_MACHINE_CREDENTIAL", credential);
		environment.put("SIGIL_TOKEN_FILE", this.dir.resolve("default_token").toString());
		environment.put("SIGIL_SOCKET", this.dir.resolve("api").toString());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int status, String output) {
	}

}
