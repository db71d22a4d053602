package dev.sigil.agent.gcp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.sigil.agent.json.Json;
import dev.sigil.agent.testsupport.TestTokens;
import dev.sigil.agent.token.MachineToken;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutableCredentialResponseTests {

	private static final Instant ISSUED = Instant.parse("2030-01-01T10:00:00Z");

	@Test
	void successWhenTokenThenIdTokenWithItsExpiry() {
		String compact = TestTokens.issued(ISSUED, Duration.ofMinutes(10)).compact();
		Map<String, Object> response = Json
			.parseObject(ExecutableCredentialResponse.success(MachineToken.parse(compact, ISSUED)));
		assertThat(response).containsOnlyKeys("version", "success", "token_type", "id_token", "expiration_time")
			.containsEntry("success", true)
			.containsEntry("token_type", "urn:ietf:params:oauth:token-type:id_token")
			.containsEntry("id_token", compact);
		assertThat(response.get("version").toString()).isEqualTo("1");
		assertThat(response.get("expiration_time").toString())
			.isEqualTo(Long.toString(ISSUED.plusSeconds(600).getEpochSecond()));
	}

	@Test
	void failureWhenNoTokenThenCodeAndMessage() {
		Map<String, Object> response = Json.parseObject(ExecutableCredentialResponse.failure("401", "revoked \"now\""));
		assertThat(response).containsEntry("success", false)
			.containsEntry("code", "401")
			.containsEntry("message", "revoked \"now\"");
	}

	@Test
	void audienceWhenProviderGivenByLibraryThenItsHttpsForm() {
		String provider = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/sigil";
		assertThat(ExecutableCredentialResponse.audience(Optional.empty(),
				Map.of("GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE", provider)))
			.contains("https:" + provider);
		assertThat(ExecutableCredentialResponse.audience(Optional.of("mine"),
				Map.of("GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE", provider)))
			.contains("mine");
		assertThat(ExecutableCredentialResponse.audience(Optional.empty(), Map.of())).isEmpty();
	}

}
