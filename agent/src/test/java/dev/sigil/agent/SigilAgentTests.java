package dev.sigil.agent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SigilAgentTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void runWhenHelpThenUsageOnStandardOutput() {
		assertThat(agent(Map.of()).run("help")).isZero();
		assertThat(stdout()).isEqualTo(CommandLine.USAGE);
		assertThat(stderr()).isEmpty();
	}

	@Test
	void runWhenNoCommandThenUsageOnStandardErrorAndStatus2() {
		assertThat(agent(Map.of()).run()).isEqualTo(2);
		assertThat(stderr()).startsWith("sigil-agent: no command given").contains(CommandLine.USAGE);
		assertThat(stdout()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			run -- app | SIGIL_URL is not set
			serve      | SIGIL_URL is not set
			token      | no machine credential, no token exchange and no agent socket at
			""")
	void runWhenConfigurationMissingThenNamesVariableAndStatus2(String args, String message) {
		assertThat(agent(Map.of("SIGIL_SOCKET", "/nonexistent/sigil/api")).run(args.split(" "))).isEqualTo(2);
		assertThat(stderr()).contains("sigil-agent: " + message).contains("Run 'sigil-agent help' for usage.");
	}

	@ParameterizedTest
	@CsvSource({ "token", "gcp-credential" })
	void runWhenOneShotWithCredentialButNoUrlThenNamesSigilUrlAndTheSocketWay(String command) {
		assertThat(agent(Map.of("SIGIL_MACHINE_CREDENTIAL", "sgm_x")).run(command)).isEqualTo(2);
		assertThat(stderr().lines().findFirst())
			.contains("sigil-agent: SIGIL_URL is not set: with a machine credential " + "or token exchange, " + command
					+ " asks the platform, at its internal API base URL such as "
					+ "https://sigil-internal.example.net:8081; without either it asks the socket of a running agent "
					+ "(SIGIL_SOCKET)");
		assertThat(stdout()).isEmpty();
	}

	@Test
	void runWhenCredentialMissingThenNamesBothWaysVariables() {
		assertThat(agent(Map.of("SIGIL_URL", "http://127.0.0.1:1")).run("serve")).isEqualTo(2);
		assertThat(stderr()).contains("no machine credential and no token exchange: set SIGIL_MACHINE_CREDENTIAL or "
				+ "SIGIL_MACHINE_CREDENTIAL_FILE, or SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					serve          | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_ORG is not set
					run -- app     | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_ORG is not set
					token          | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_ORG is not set
					gcp-credential | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_ORG is not set
					""")
	void runWhenTokenExchangeHalfConfiguredThenNamesWhatIsMissingAndStatus2(String args, String message) {
		Map<String, String> environment = Map.of("SIGIL_URL", "http://127.0.0.1:1", "SIGIL_SUBJECT_TOKEN_FILE",
				"/var/run/secrets/tokens/sigil", "SIGIL_TRUST_POLICY", "k8s-web");
		assertThat(agent(environment).run(args.split(" "))).isEqualTo(2);
		assertThat(stderr()).contains("sigil-agent: " + message);
		assertThat(stdout()).isEmpty();
	}

	@Test
	void runWhenCredentialAndTokenExchangeBothSetThenRefusesAndStatus2() {
		assertThat(agent(Map.of("SIGIL_URL", "http://127.0.0.1:1", "SIGIL_MACHINE_CREDENTIAL", "sgm_x",
				"SIGIL_SUBJECT_TOKEN_FILE", "/t", "SIGIL_TRUST_POLICY", "k8s-web", "SIGIL_ORG", "acme"))
			.run("serve")).isEqualTo(2);
		assertThat(stderr()).contains("sigil-agent: set either a machine credential").contains("not both");
	}

	@Test
	void runWhenHttpToRemoteHostThenOneLineNamingBothVariablesAndStatus2() {
		assertThat(agent(Map.of("SIGIL_URL", "http://sigil-internal:8081")).run("serve")).isEqualTo(2);
		assertThat(stderr().lines()).hasSize(2)
			.first()
			.asString()
			.startsWith("sigil-agent: SIGIL_URL is plain http to sigil-internal, which is not a loopback address")
			.contains("SIGIL_ALLOW_INSECURE_URL=true");
	}

	private SigilAgent agent(Map<String, String> environment) {
		return new SigilAgent(environment, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8), Clock.systemUTC(), TestHost.root());
	}

	private String stdout() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String stderr() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
