package dev.sigil.agent.child;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChildEnvironmentTests {

	private static final String CREDENTIAL = "sgm_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

	private static final Path TOKEN_FILE = Path.of("/.sigil/oidc_token");

	@Test
	void ofWhenAgentHoldsCredentialThenChildNeverSeesIt() {
		Map<String, String> child = ChildEnvironment.of(
				Map.of("SIGIL_MACHINE_CREDENTIAL", CREDENTIAL, "SIGIL_MACHINE_CREDENTIAL_FILE", "/run/secrets/sigil",
						"COPY", "Bearer " + CREDENTIAL, "PATH", "/bin", "SIGIL_URL", "http://sigil:8081"),
				TOKEN_FILE, Optional.empty(), Optional.of("web-1"));
		assertThat(child).containsOnlyKeys("PATH", "SIGIL_URL");
		assertThat(child.values()).noneMatch((value) -> value.contains(CREDENTIAL));
	}

	@Test
	void ofWhenAgentExchangesTokensThenChildGetsNoneOfItsVariables() {
		Map<String, String> child = ChildEnvironment.of(
				Map.of("SIGIL_SUBJECT_TOKEN_FILE", "/var/run/secrets/tokens/sigil", "SIGIL_TRUST_POLICY", "k8s-web",
						"SIGIL_ORG", "acme", "SIGIL_SOCKET", "/.sigil/api", "PATH", "/bin"),
				TOKEN_FILE, Optional.empty(), Optional.of("web-1"));
		assertThat(child).containsOnlyKeys("PATH", "SIGIL_SOCKET");
	}

	@Test
	void ofWhenAwsRoleArnSetThenTokenFileAndSessionNameFromMachine() {
		Map<String, String> child = ChildEnvironment.of(Map.of("AWS_ROLE_ARN", "arn:aws:iam::1:role/r"), TOKEN_FILE,
				Optional.empty(), Optional.of("web 1"));
		assertThat(child).containsEntry("AWS_WEB_IDENTITY_TOKEN_FILE", "/.sigil/oidc_token")
			.containsEntry("AWS_ROLE_SESSION_NAME", "web-1")
			.containsEntry("AWS_ROLE_ARN", "arn:aws:iam::1:role/r");
	}

	@Test
	void ofWhenSessionNameGivenThenKeepsItButPointsTokenFileAtAgentsFile() {
		Map<String, String> child = ChildEnvironment.of(
				Map.of("AWS_ROLE_ARN", "arn:aws:iam::1:role/r", "AWS_ROLE_SESSION_NAME", "chosen",
						"AWS_WEB_IDENTITY_TOKEN_FILE", "/elsewhere"),
				TOKEN_FILE, Optional.empty(), Optional.of("web-1"));
		assertThat(child).containsEntry("AWS_WEB_IDENTITY_TOKEN_FILE", "/.sigil/oidc_token")
			.containsEntry("AWS_ROLE_SESSION_NAME", "chosen");
	}

	@Test
	void ofWhenNoCloudVariablesThenAddsNothing() {
		Map<String, String> child = ChildEnvironment.of(Map.of("HOME", "/root", "AWS_ROLE_ARN", " "), TOKEN_FILE,
				Optional.empty(), Optional.of("web-1"));
		assertThat(child).containsOnlyKeys("HOME", "AWS_ROLE_ARN");
	}

	@Test
	void ofWhenAzureTokenFileThenFederatedTokenFileSet() {
		Map<String, String> child = ChildEnvironment.of(
				Map.of("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000000"), TOKEN_FILE,
				Optional.of(Path.of("/.sigil/azure_token")), Optional.of("web-1"));
		assertThat(child).containsEntry("AZURE_FEDERATED_TOKEN_FILE", "/.sigil/azure_token")
			.doesNotContainKey("AWS_WEB_IDENTITY_TOKEN_FILE");
	}

}
