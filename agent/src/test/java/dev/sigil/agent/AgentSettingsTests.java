package dev.sigil.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AgentSettingsTests {

	@Test
	void fromWhenNothingSetThenSafeDefaults() throws Exception {
		AgentSettings settings = AgentSettings.from(Map.of());
		assertThat(settings.platformUrl()).isEmpty();
		assertThat(settings.tokenFile()).isEqualTo(Path.of("/.sigil/oidc_token"));
		assertThat(settings.socket()).isEqualTo(Path.of("/.sigil/api"));
		assertThat(settings.tokenAudience()).isEmpty();
		assertThat(settings.refreshInterval()).isEmpty();
		assertThat(settings.azureTokenFile()).isEmpty();
		assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void fromWhenAwsRoleArnSetThenFileTokenIsForSts() throws Exception {
		assertThat(AgentSettings.from(Map.of("AWS_ROLE_ARN", "arn:aws:iam::1:role/r")).tokenAudience())
			.contains("sts.amazonaws.com");
		assertThat(AgentSettings.from(Map.of("AWS_ROLE_ARN", "arn:aws:iam::1:role/r", "SIGIL_TOKEN_AUDIENCE", "mine"))
			.tokenAudience()).contains("mine");
	}

	@Test
	void fromWhenAzureClientIdSetThenAzureFileBesideTokenFile() throws Exception {
		AgentSettings settings = AgentSettings.from(Map.of("AZURE_CLIENT_ID", "id", "SIGIL_TOKEN_FILE", "/var/run/sigil/token"));
		assertThat(settings.azureTokenFile()).contains(Path.of("/var/run/sigil/azure_token"));
		assertThat(AgentSettings.from(Map.of("AZURE_CLIENT_ID", "id", "SIGIL_AZURE_TOKEN_FILE", "/az")).azureTokenFile())
			.contains(Path.of("/az"));
	}

	@Test
	void fromWhenAllSetThenReadsThem() throws Exception {
		Map<String, String> environment = new HashMap<>();
		environment.put("SIGIL_URL", "http://sigil-internal:8081/");
		environment.put("SIGIL_TOKEN_FILE", "/var/run/sigil/t");
		environment.put("SIGIL_SOCKET", "/var/run/sigil/s");
		environment.put("SIGIL_REFRESH_INTERVAL", "1m30s");
		environment.put("SIGIL_STARTUP_TIMEOUT", "PT2M");
		AgentSettings settings = AgentSettings.from(environment);
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
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> AgentSettings.from(Map.of(name, value)))
			.withMessageContaining(message);
	}

	@Test
	void requirePlatformUrlWhenMissingThenNamesVariable() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> AgentSettings.from(Map.of()).requirePlatformUrl())
			.withMessageStartingWith("SIGIL_URL is not set");
	}

	@Test
	void credentialWhenBothOrNoneSetThenNamesVariables() throws Exception {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> AgentSettings.credential(
					Map.of("SIGIL_MACHINE_CREDENTIAL", "a", "SIGIL_MACHINE_CREDENTIAL_FILE", "/f")))
			.withMessage("set only one of SIGIL_MACHINE_CREDENTIAL and SIGIL_MACHINE_CREDENTIAL_FILE");
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> AgentSettings.requireCredential(Map.of()))
			.withMessage("no machine credential: set SIGIL_MACHINE_CREDENTIAL or SIGIL_MACHINE_CREDENTIAL_FILE");
		assertThat(AgentSettings.credential(Map.of("SIGIL_MACHINE_CREDENTIAL", "  "))).isEqualTo(Optional.empty());
	}

}
