package dev.sigil.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.sigil.agent.testsupport.AgentProcess;
import dev.sigil.agent.testsupport.FakePlatform;
import dev.sigil.agent.testsupport.PlatformWithMachine;
import dev.sigil.agent.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sigil-agent gcp-credential}, run as Google's auth libraries run an
 * executable-sourced credential: from inside the workload, with their variables set.
 */
@Tag("process")
class GcpCredentialCommandTests {

	private static final String PROVIDER = "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/machines/providers/sigil";

	@TempDir
	Path dir;

	@RegisterExtension
	final PlatformWithMachine fake = new PlatformWithMachine();

	@Test
	void gcpCredentialWhenRunByGoogleLibraryThenPrintsIdTokenForProviderAndCachesIt() throws Exception {
		try (AgentProcess agent = AgentProcess.start(this.dir,
				AgentProcess.environment(this.fake.platform(), this.fake.credential(), this.dir), "serve")) {
			agent.awaitFile(AgentProcess.socket(this.dir));
			Path cache = this.dir.resolve("gcp/cache.json");
			Map<String, String> library = Map.of("SIGIL_SOCKET", AgentProcess.socket(this.dir).toString(),
					"GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE", PROVIDER, "GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE",
					"urn:ietf:params:oauth:token-type:id_token", "GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE", "0",
					"GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE", cache.toString());
			AgentProcess executable = AgentProcess.run(this.dir, library, "gcp-credential");
			assertThat(executable.exitValue()).as(executable.stderr()).isZero();
			Map<String, Object> response = JSONObjectUtils.parse(executable.stdout());
			assertThat(response).containsEntry("version", 1L)
				.containsEntry("success", true)
				.containsEntry("token_type", "urn:ietf:params:oauth:token-type:id_token");
			Map<String, Object> claims = TestTokens.claimsOf((String) response.get("id_token"));
			assertThat(claims).containsEntry("aud", "https:" + PROVIDER).containsEntry("sub", "acme:web:web-1");
			assertThat(response.get("expiration_time")).isEqualTo(claims.get("exp"));
			assertThat(cache).hasContent(executable.stdout().strip());
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rw-------");
		}
	}

	@Test
	void gcpCredentialWhenNoTokenThenPrintsFailureResponse() throws Exception {
		this.fake.platform().mode(FakePlatform.Mode.REVOKED);
		AgentProcess executable = AgentProcess.run(this.dir,
				AgentProcess.environment(this.fake.platform(), this.fake.credential(), this.dir), "gcp-credential",
				"--aud", "x");
		assertThat(executable.exitValue()).isEqualTo(1);
		Map<String, Object> response = JSONObjectUtils.parse(executable.stdout());
		assertThat(response).containsEntry("version", 1L).containsEntry("success", false).containsEntry("code", "401");
		assertThat((String) response.get("message")).contains("credential rejected");
	}

}
