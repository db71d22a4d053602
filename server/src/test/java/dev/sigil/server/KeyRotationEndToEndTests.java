package dev.sigil.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys rotating under a live server: planned rotations with relying parties that cache
 * the JWKS, refusals that say when, and emergency revocation.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sigil.keys.publish-ahead=2s", "sigil.keys.jwks-cache-time=2s", "sigil.keys.rotation-period=1h",
				"sigil.token.app-lifetime-max=30m", "sigil.issuer.document-max-age=1s" })
class KeyRotationEndToEndTests {

	private static final TestPorts PORTS = new TestPorts();

	private final SigilClient client = new SigilClient(PORTS);

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		PORTS.register(registry);
	}

	@Test
	void rotationsWhenTokensIssuedContinuouslyThenCachingRelyingPartyVerifiesEveryOne() throws Exception {
		TestMachine machine = this.client.newMachine("rotating");
		CachingRelyingParty relyingParty = new CachingRelyingParty(PORTS.issuer(machine.org()), "sts.amazonaws.com",
				Duration.ofSeconds(1));
		RotationUnderLoad.Outcome outcome = RotationUnderLoad.run(machine, relyingParty, List.of(PORTS, PORTS),
				this.client, 3, Duration.ofMillis(300));
		assertThat(outcome.failures()).isEmpty();
		assertThat(outcome.kids()).as("tokens were signed by the first key and each rotated one").hasSize(4);
		assertThat(outcome.verified()).isGreaterThan(20);
		assertThat(relyingParty.refreshes()).as("the pre-published NEXT key spares most refreshes")
			.isLessThanOrEqualTo(3);
	}

	@Test
	void rotateWhenNextKeyTooNewThen409WithRetryTime() {
		// The org alone, and the rotation at once: one request inside publish-ahead (2 s)
		// however slow the machine.
		String org = SigilClient.uniqueSlug("early");
		this.client.createOrg(org);
		HttpResponse<String> response = this.client.admin("POST", "/api/v1/orgs/" + org + "/keys/rotate", null);
		assertThat(response.statusCode()).isEqualTo(409);
		JsonNode problem = SigilClient.parse(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:sigil:problem:conflict");
		assertThat(Instant.parse(problem.get("retry_at").asString())).isAfter(Instant.now().minusSeconds(1));
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void revokeWhenActiveKeyThenLeavesJwksAtOnceAndNextKeySigns() {
		TestMachine machine = this.client.newMachine("revoke");
		String firstToken = this.client.issueToken(machine.credential(), null);
		String revokedKid = kid(firstToken);
		JsonNode keys = SigilClient
			.parse(this.client.admin("GET", "/api/v1/orgs/" + machine.org() + "/keys", null).body());
		String nextKid = keys.get(1).get("kid").asString();
		HttpResponse<String> revoked = this.client.admin("POST",
				"/api/v1/orgs/" + machine.org() + "/keys/" + revokedKid + "/revoke", null);
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		assertThat(SigilClient.parse(revoked.body()).get("state").asString()).isEqualTo("REVOKED");
		JsonNode jwks = SigilClient.parse(this.client.publicGet("/" + machine.org() + "/oauth2/jwks").body());
		assertThat(jwks.findValuesAsString("kid")).doesNotContain(revokedKid).contains(nextKid).hasSize(2);
		String after = this.client.issueToken(machine.credential(), null);
		assertThat(kid(after)).isEqualTo(nextKid);
		JwtDecoders.fromIssuerLocation(PORTS.issuer(machine.org())).decode(after);
		assertThat(this.client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/no-such-kid/revoke", null)
			.statusCode()).isEqualTo(404);
	}

	@Test
	void orgWhenEs256ThenTokensAndDiscoveryUseIt() {
		String org = SigilClient.uniqueSlug("ec");
		HttpResponse<String> created = this.client.admin("POST", "/api/v1/orgs",
				"{\"slug\":\"" + org + "\",\"name\":\"EC\",\"algorithm\":\"ES256\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		this.client.createApp(org, "web");
		String credential = this.client.createMachine(org, "web", "web-1").get("credential").asString();
		String token = this.client.issueToken(credential, null);
		assertThat(JwtDecoders.fromIssuerLocation(PORTS.issuer(org)).decode(token).getHeaders()).containsEntry("alg",
				"ES256");
		JsonNode discovery = SigilClient
			.parse(this.client.publicGet("/" + org + "/.well-known/openid-configuration").body());
		assertThat(discovery.get("id_token_signing_alg_values_supported").get(0).asString()).isEqualTo("ES256");
	}

	private static String kid(String token) {
		try {
			return SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
