package dev.sigil.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sigil.agent.platform.MachineCredential;
import dev.sigil.agent.platform.TokenExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AgentSettingsTests {

	private static final String PLAIN_HTTP_REFUSED = "SIGIL_URL is plain http to %s, which is not a loopback address: "
			+ "the machine credential would travel unencrypted. Use https, or set SIGIL_ALLOW_INSECURE_URL=true if the "
			+ "network already protects the connection";

	@Test
	void fromWhenNothingSetThenSafeDefaults() throws Exception {
		AgentSettings settings = settings(Map.of());
		assertThat(settings.platformUrl()).isEmpty();
		assertThat(settings.tokenFile()).isEqualTo(Path.of("/.sigil/oidc_token"));
		assertThat(settings.socket()).isEqualTo(Path.of("/.sigil/api"));
		assertThat(settings.tokenAudience()).isEmpty();
		assertThat(settings.refreshInterval()).isEmpty();
		assertThat(settings.azureTokenFile()).isEmpty();
		assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void fromWhenNotRootThenFilesInPerUserDirectory() throws Exception {
		AgentSettings settings = AgentSettings
			.from(Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "AZURE_CLIENT_ID", "id"), TestHost.user());
		assertThat(settings.tokenFile()).isEqualTo(Path.of("/run/user/1000/sigil/oidc_token"));
		assertThat(settings.socket()).isEqualTo(Path.of("/run/user/1000/sigil/api"));
		assertThat(settings.azureTokenFile()).contains(Path.of("/run/user/1000/sigil/azure_token"));
		assertThat(settings.defaultDirectory()).get()
			.extracting(DefaultDirectory::variables)
			.isEqualTo(List.of("SIGIL_TOKEN_FILE", "SIGIL_SOCKET"));
	}

	@Test
	void fromWhenNotRootWithoutRuntimeDirectoryThenFilesInWorkingDirectory() throws Exception {
		AgentSettings settings = AgentSettings.from(Map.of("SIGIL_SOCKET", "/run/sigil/api"), TestHost.user());
		assertThat(settings.tokenFile()).isEqualTo(Path.of("/home/dev/app/.sigil/oidc_token"));
		assertThat(settings.socket()).isEqualTo(Path.of("/run/sigil/api"));
		assertThat(settings.defaultDirectory()).get()
			.extracting(DefaultDirectory::variables)
			.isEqualTo(List.of("SIGIL_TOKEN_FILE"));
	}

	@Test
	void fromWhenBothPathsSetThenNoDefaultDirectory() throws Exception {
		assertThat(AgentSettings.from(Map.of("SIGIL_TOKEN_FILE", "/t/token", "SIGIL_SOCKET", "/t/api"), TestHost.user())
			.defaultDirectory()).isEmpty();
	}

	@Test
	void runningAgentSocketsWhenPerUserDefaultThenAlsoTheSystemSocketAfterIt() throws Exception {
		assertThat(
				AgentSettings.from(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), TestHost.user()).runningAgentSockets())
			.containsExactly(Path.of("/run/user/1000/sigil/api"), Path.of("/.sigil/api"));
		assertThat(AgentSettings.from(Map.of(), TestHost.user()).runningAgentTokenFiles())
			.containsExactly(Path.of("/home/dev/app/.sigil/oidc_token"), Path.of("/.sigil/oidc_token"));
		assertThat(settings(Map.of()).runningAgentSockets()).containsExactly(Path.of("/.sigil/api"));
		assertThat(AgentSettings.from(Map.of("SIGIL_SOCKET", "/s/api"), TestHost.user()).runningAgentSockets())
			.containsExactly(Path.of("/s/api"));
	}

	@Test
	void socketForChildWhenPerUserDefaultThenNamedElseLeftAsIs() throws Exception {
		assertThat(AgentSettings.from(Map.of(), TestHost.user()).socketForChild())
			.contains(Path.of("/home/dev/app/.sigil/api"));
		assertThat(settings(Map.of()).socketForChild()).isEmpty();
		assertThat(AgentSettings.from(Map.of("SIGIL_SOCKET", "/s/api"), TestHost.user()).socketForChild()).isEmpty();
	}

	@Test
	void fromWhenAwsRoleArnSetThenFileTokenIsForSts() throws Exception {
		assertThat(settings(Map.of("AWS_ROLE_ARN", "arn:aws:iam::1:role/r")).tokenAudience())
			.contains("sts.amazonaws.com");
		assertThat(settings(Map.of("AWS_ROLE_ARN", "arn:aws:iam::1:role/r", "SIGIL_TOKEN_AUDIENCE", "mine"))
			.tokenAudience()).contains("mine");
	}

	@Test
	void fromWhenAzureClientIdSetThenAzureFileBesideTokenFile() throws Exception {
		AgentSettings settings = settings(Map.of("AZURE_CLIENT_ID", "id", "SIGIL_TOKEN_FILE", "/var/run/sigil/token"));
		assertThat(settings.azureTokenFile()).contains(Path.of("/var/run/sigil/azure_token"));
		assertThat(settings(Map.of("AZURE_CLIENT_ID", "id", "SIGIL_AZURE_TOKEN_FILE", "/az")).azureTokenFile())
			.contains(Path.of("/az"));
	}

	@Test
	void fromWhenAllSetThenReadsThem() throws Exception {
		Map<String, String> environment = new HashMap<>();
		environment.put("SIGIL_URL", "http://sigil-internal:8081/");
		environment.put("SIGIL_ALLOW_INSECURE_URL", "true");
		environment.put("SIGIL_TOKEN_FILE", "/var/run/sigil/t");
		environment.put("SIGIL_SOCKET", "/var/run/sigil/s");
		environment.put("SIGIL_REFRESH_INTERVAL", "1m30s");
		environment.put("SIGIL_STARTUP_TIMEOUT", "PT2M");
		AgentSettings settings = settings(environment);
		assertThat(settings.platformUrl()).contains(URI.create("http://sigil-internal:8081/"));
		assertThat(settings.tokenFile()).isEqualTo(Path.of("/var/run/sigil/t"));
		assertThat(settings.socket()).isEqualTo(Path.of("/var/run/sigil/s"));
		assertThat(settings.refreshInterval()).contains(Duration.ofSeconds(90));
		assertThat(settings.startupTimeout()).isEqualTo(Duration.ofMinutes(2));
	}

	@ParameterizedTest
	@CsvSource({ "9m, PT9M", "2s, PT2S", "500ms, PT0.5S", "1h, PT1H", "1h30m, PT1H30M", "PT45S, PT45S" })
	void durationWhenWrittenShortThenParsed(String text, Duration expected) throws Exception {
		assertThat(AgentSettings.duration(Map.of("X", text), "X")).contains(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			SIGIL_REFRESH_INTERVAL | 9          | SIGIL_REFRESH_INTERVAL must be a positive duration
			SIGIL_REFRESH_INTERVAL | 0s         | SIGIL_REFRESH_INTERVAL must be a positive duration
			SIGIL_REFRESH_INTERVAL | 5 minutes  | SIGIL_REFRESH_INTERVAL must be a positive duration
			SIGIL_REFRESH_INTERVAL | -5s        | SIGIL_REFRESH_INTERVAL must be a positive duration
			SIGIL_STARTUP_TIMEOUT  | PTX        | SIGIL_STARTUP_TIMEOUT must be a positive duration
			SIGIL_URL              | ftp://x    | SIGIL_URL must be an http or https URL
			SIGIL_URL              | sigil:8081 | SIGIL_URL must be an http or https URL
			SIGIL_URL              | http://a b | SIGIL_URL is not a URL
			""")
	void fromWhenVariableBadThenNamesIt(String name, String value, String message) {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> settings(Map.of(name, value)))
			.withMessageContaining(message);
	}

	/**
	 * {@code refused HOST} stands for the plain-http refusal naming HOST; any other
	 * outcome but {@code accepted} is the exact message.
	 */
	@ParameterizedTest(name = "{0} with SIGIL_ALLOW_INSECURE_URL={1}: {2}")
	@CsvSource(delimiter = '|', nullValues = "unset",
			textBlock = """
					http://sigil-internal:8081            | unset | refused sigil-internal
					http://sigil-internal:8081            | false | refused sigil-internal
					http://10.0.0.7:8081                  | unset | refused 10.0.0.7
					http://localhost:8081                 | unset | accepted
					http://LocalHost:8081                 | unset | accepted
					http://127.0.0.1:8081                 | unset | accepted
					http://127.1.2.3:8081/                | unset | accepted
					http://127.255.255.255                | unset | accepted
					http://[::1]:8081                     | unset | accepted
					http://127.example.com:8081           | unset | refused 127.example.com
					http://127.0.0.1.example.com          | unset | refused 127.0.0.1.example.com
					http://localhost.example.com:8081     | unset | refused localhost.example.com
					http://localhost@sigil-internal:8081  | unset | refused sigil-internal
					http://localhost.:8081                | unset | refused localhost.
					http://127.1:8081                     | unset | SIGIL_URL must be an http or https URL with a host, not http://127.1:8081
					http://127.0.0.01:8081                | unset | refused 127.0.0.01
					http://128.0.0.1:8081                 | unset | refused 128.0.0.1
					http://0.0.0.0:8081                   | unset | refused 0.0.0.0
					http://[::2]:8081                     | unset | refused [::2]
					https://sigil-internal.example.net    | unset | accepted
					https://10.0.0.7:8443                 | false | accepted
					http://sigil-internal:8081            | true  | accepted
					http://10.0.0.7:8081                  | true  | accepted
					http://sigil-internal:8081            | yes   | SIGIL_ALLOW_INSECURE_URL must be true or false, not 'yes'
					http://localhost:8081                 | 1     | SIGIL_ALLOW_INSECURE_URL must be true or false, not '1'
					https://sigil-internal.example.net    | TRUE  | SIGIL_ALLOW_INSECURE_URL must be true or false, not 'TRUE'
					""")
	void fromWhenUrlAndInsecureFlagThenAcceptedOrRefused(String url, String allowInsecure, String outcome)
			throws Exception {
		Map<String, String> environment = new HashMap<>();
		environment.put("SIGIL_URL", url);
		if (allowInsecure != null) {
			environment.put("SIGIL_ALLOW_INSECURE_URL", allowInsecure);
		}
		if (outcome.equals("accepted")) {
			assertThat(settings(environment).platformUrl()).contains(URI.create(url));
			return;
		}
		String message = outcome.startsWith("refused ")
				? String.format(PLAIN_HTTP_REFUSED, outcome.substring("refused ".length())) : outcome;
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> settings(environment)).withMessage(message);
	}

	@Test
	void fromWhenHttpToRemoteHostThenRefusedOnOneLineNamingBothVariables() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> settings(Map.of("SIGIL_URL", "http://sigil-internal:8081")))
			.withMessageContainingAll("SIGIL_URL", "SIGIL_ALLOW_INSECURE_URL", "unencrypted")
			.withMessageNotContaining("\n")
			.satisfies((ex) -> assertThat(ex.showUsage()).isFalse());
	}

	@Test
	void fromWhenInsecureFlagBadAndNoUrlThenStillRefused() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> settings(Map.of("SIGIL_ALLOW_INSECURE_URL", "on")))
			.withMessage("SIGIL_ALLOW_INSECURE_URL must be true or false, not 'on'");
	}

	@Test
	void requirePlatformUrlWhenMissingThenNamesVariable() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> settings(Map.of()).requirePlatformUrl())
			.withMessageStartingWith("SIGIL_URL is not set");
	}

	@Test
	void credentialWhenBothOrNoneSetThenNamesVariables() throws Exception {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> AgentSettings
				.credential(Map.of("SIGIL_MACHINE_CREDENTIAL", "a", "SIGIL_MACHINE_CREDENTIAL_FILE", "/f")))
			.withMessage("set only one of SIGIL_MACHINE_CREDENTIAL and SIGIL_MACHINE_CREDENTIAL_FILE");
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> AgentSettings.requireAuthentication(Map.of()))
			.withMessage("no machine credential and no token exchange: set SIGIL_MACHINE_CREDENTIAL or "
					+ "SIGIL_MACHINE_CREDENTIAL_FILE, or SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG");
		assertThat(AgentSettings.credential(Map.of("SIGIL_MACHINE_CREDENTIAL", "  "))).isEqualTo(Optional.empty());
	}

	/**
	 * The ways to authenticate: {@code credential} and {@code exchange} for the one
	 * chosen, {@code none} when neither is configured; any other outcome is the exact
	 * message of the usage error. Blank is unset.
	 */
	@ParameterizedTest(name = "[{index}] {5}")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					-      | -       | -                    | -        | -         | none
					sgm_a  | -       | -                    | -        | -         | credential
					-      | /cred   | -                    | -        | -         | credential
					-      | -       | /var/run/sa/token    | k8s-web  | acme      | exchange
					' '    | -       | /var/run/sa/token    | k8s-web  | acme      | exchange
					sgm_a  | -       | /var/run/sa/token    | k8s-web  | acme      | set either a machine credential (SIGIL_MACHINE_CREDENTIAL or SIGIL_MACHINE_CREDENTIAL_FILE) or token exchange (SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG), not both: SIGIL_MACHINE_CREDENTIAL, SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG are set
					-      | /cred   | /var/run/sa/token    | -        | -         | set either a machine credential (SIGIL_MACHINE_CREDENTIAL or SIGIL_MACHINE_CREDENTIAL_FILE) or token exchange (SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG), not both: SIGIL_MACHINE_CREDENTIAL_FILE and SIGIL_SUBJECT_TOKEN_FILE are set
					sgm_a  | -       | -                    | -        | acme      | set either a machine credential (SIGIL_MACHINE_CREDENTIAL or SIGIL_MACHINE_CREDENTIAL_FILE) or token exchange (SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG), not both: SIGIL_MACHINE_CREDENTIAL and SIGIL_ORG are set
					sgm_a  | /cred   | /var/run/sa/token    | k8s-web  | acme      | set only one of SIGIL_MACHINE_CREDENTIAL and SIGIL_MACHINE_CREDENTIAL_FILE
					-      | -       | /var/run/sa/token    | -        | -         | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_TRUST_POLICY and SIGIL_ORG are not set
					-      | -       | /var/run/sa/token    | k8s-web  | -         | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_ORG is not set
					-      | -       | /var/run/sa/token    | -        | acme      | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_TRUST_POLICY is not set
					-      | -       | -                    | k8s-web  | acme      | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_SUBJECT_TOKEN_FILE is not set
					-      | -       | -                    | -        | acme      | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_SUBJECT_TOKEN_FILE and SIGIL_TRUST_POLICY are not set
					-      | -       | ' '                  | k8s-web  | -         | token exchange needs SIGIL_SUBJECT_TOKEN_FILE, SIGIL_TRUST_POLICY and SIGIL_ORG: SIGIL_SUBJECT_TOKEN_FILE and SIGIL_ORG are not set
					-      | -       | /var/run/sa/token    | k8s web  | acme      | SIGIL_TRUST_POLICY must be a trust policy's name (1 to 100 letters, digits, dots, underscores or hyphens), not 'k8s web'
					-      | -       | /var/run/sa/token    | k8s-web  | Acme      | SIGIL_ORG must be an org's slug (lower-case letters, digits and inner hyphens), not 'Acme'
					-      | -       | /var/run/sa/token    | k8s-web  | acme/x    | SIGIL_ORG must be an org's slug (lower-case letters, digits and inner hyphens), not 'acme/x'
					""")
	void authenticationWhenVariablesSetThenOneWayOrNamesWhatToChange(String credential, String credentialFile,
			String subjectTokenFile, String trustPolicy, String org, String outcome) throws Exception {
		Map<String, String> environment = new HashMap<>();
		put(environment, "SIGIL_MACHINE_CREDENTIAL", credential);
		put(environment, "SIGIL_MACHINE_CREDENTIAL_FILE", credentialFile);
		put(environment, "SIGIL_SUBJECT_TOKEN_FILE", subjectTokenFile);
		put(environment, "SIGIL_TRUST_POLICY", trustPolicy);
		put(environment, "SIGIL_ORG", org);
		switch (outcome) {
			case "none" -> assertThat(AgentSettings.authentication(environment)).isEmpty();
			case "credential" ->
				assertThat(AgentSettings.authentication(environment)).containsInstanceOf(MachineCredential.class);
			case "exchange" -> assertThat(AgentSettings.authentication(environment)).get()
				.isInstanceOfSatisfying(TokenExchange.class, (exchange) -> {
					assertThat(exchange.subjectTokenFile()).isEqualTo(Path.of(subjectTokenFile));
					assertThat(exchange.trustPolicy()).isEqualTo(trustPolicy);
					assertThat(exchange.org()).isEqualTo(org);
				});
			default -> assertThatExceptionOfType(UsageException.class)
				.isThrownBy(() -> AgentSettings.authentication(environment))
				.withMessage(outcome)
				.satisfies((ex) -> assertThat(ex.showUsage()).isFalse());
		}
	}

	@Test
	void fromWhenHttpToRemoteHostWithTokenExchangeThenSaysTheSubjectTokenWouldTravelUnencrypted() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> settings(
					Map.of("SIGIL_URL", "http://sigil-internal:8081", "SIGIL_SUBJECT_TOKEN_FILE", "/var/run/sa/token")))
			.withMessageContaining("the subject token would travel unencrypted");
	}

	/**
	 * The settings of root's agent, on a machine where root may create {@code /.sigil}.
	 */
	private static AgentSettings settings(Map<String, String> environment) throws UsageException {
		return AgentSettings.from(environment, TestHost.root());
	}

	private static void put(Map<String, String> environment, String name, String value) {
		if (value != null) {
			environment.put(name, value);
		}
	}

}
