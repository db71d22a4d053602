package dev.sigil.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger verified = new AtomicInteger();
		List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		Set<String> kids = ConcurrentHashMap.newKeySet();
		ExecutorService issuers = Executors.newFixedThreadPool(2);
		List<Future<?>> loops = new java.util.ArrayList<>();
		for (int i = 0; i < 2; i++) {
			loops.add(issuers.submit(() -> {
				SigilClient own = new SigilClient(PORTS);
				while (running.get()) {
					HttpResponse<String> response = own.token(machine.credential(), "{\"aud\":\"sts.amazonaws.com\"}");
					if (response.statusCode() != 200) {
						failures.add("HTTP " + response.statusCode() + " " + response.body());
						continue;
					}
					try {
						relyingParty.verify(response.body());
						kids.add(SignedJWT.parse(response.body()).getHeader().getKeyID());
						verified.incrementAndGet();
					}
					catch (Exception ex) {
						failures.add(ex.getMessage());
					}
				}
			}));
		}
		try {
			for (int rotation = 0; rotation < 3; rotation++) {
				rotateWhenAllowed(machine.org());
				Thread.sleep(300);
			}
		}
		finally {
			running.set(false);
			for (Future<?> loop : loops) {
				loop.get();
			}
			issuers.shutdown();
		}
		assertThat(failures).isEmpty();
		assertThat(kids).as("tokens were signed by the first key and each rotated one").hasSize(4);
		assertThat(verified.get()).isGreaterThan(20);
		assertThat(relyingParty.refreshes()).as("the pre-published NEXT key spares most refreshes")
			.isLessThanOrEqualTo(3);
	}

	@Test
	void rotateWhenNextKeyTooNewThen409WithRetryTime() {
		TestMachine machine = this.client.newMachine("early");
		HttpResponse<String> response = this.client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/rotate",
				null);
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

	private void rotateWhenAllowed(String org) throws InterruptedException {
		for (int attempt = 0; attempt < 50; attempt++) {
			HttpResponse<String> response = this.client.admin("POST", "/api/v1/orgs/" + org + "/keys/rotate", null);
			if (response.statusCode() == 200) {
				return;
			}
			assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
			Instant retryAt = Instant.parse(SigilClient.parse(response.body()).get("retry_at").asString());
			Thread.sleep(Math.max(50, Duration.between(Instant.now(), retryAt).toMillis() + 20));
		}
		throw new AssertionError("rotation never allowed");
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
