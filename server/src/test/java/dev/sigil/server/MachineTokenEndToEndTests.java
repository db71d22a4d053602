package dev.sigil.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walking skeleton through HTTP: an operator creates an org, an app and a machine;
 * the machine gets tokens; Spring Security's resource server verifies them from the org's
 * discovery document; the audit API finds each token by its {@code jti}.
 */
class MachineTokenEndToEndTests extends ServerTestSupport {

	private static final List<String> CLAIMS = List.of("app_id", "app_name", "aud", "exp", "iat", "image",
			"image_digest", "iss", "jti", "machine_id", "machine_name", "machine_version", "nbf", "org_id", "org_name",
			"region", "sub");

	@Test
	void tokenWhenMachineAsksThenRelyingPartyVerifiesEveryClaimAndAuditFindsIt() {
		String org = SigilClient.uniqueSlug("acme");
		JsonNode created = this.client.createOrg(org);
		assertThat(created.get("issuer").asString()).isEqualTo(PORTS.issuer(org));
		JsonNode app = this.client.createApp(org, "billing");
		JsonNode machine = this.client.createMachine(org, "billing", "worker-7");
		String credential = machine.get("credential").asString();
		assertThat(credential).startsWith("sgm_").hasSizeGreaterThan(40);
		assertThat(machine.get("version").asInt()).isEqualTo(1);

		JwtDecoder relyingParty = JwtDecoders.fromIssuerLocation(PORTS.issuer(org));

		Instant before = Instant.now().minusSeconds(1);
		Jwt withDefault = relyingParty.decode(this.client.issueToken(credential, null));
		Jwt forAws = relyingParty.decode(this.client.issueToken(credential, "sts.amazonaws.com"));

		assertThat(withDefault.getClaims().keySet()).containsExactlyInAnyOrderElementsOf(CLAIMS);
		assertThat(forAws.getClaims().keySet()).containsExactlyInAnyOrderElementsOf(CLAIMS);
		assertThat(withDefault.getAudience()).containsExactly(PORTS.issuer(org));
		assertThat(forAws.getAudience()).containsExactly("sts.amazonaws.com");

		Jwt token = forAws;
		assertThat(token.getHeaders()).containsEntry("alg", "RS256").containsEntry("typ", "JWT").containsKey("kid");
		assertThat(token.getClaimAsString("iss")).isEqualTo(PORTS.issuer(org));
		assertThat(token.getSubject()).isEqualTo(org + ":billing:worker-7");
		assertThat(token.getClaimAsString("org_id")).isEqualTo(created.get("id").asString());
		assertThat(token.getClaimAsString("org_name")).isEqualTo(org);
		assertThat(token.getClaimAsString("app_id")).isEqualTo(app.get("id").asString());
		assertThat(token.getClaimAsString("app_name")).isEqualTo("billing");
		assertThat(token.getClaimAsString("machine_id")).isEqualTo(machine.get("id").asString());
		assertThat(token.getClaimAsString("machine_name")).isEqualTo("worker-7");
		assertThat(token.getClaimAsString("machine_version")).isEqualTo("1");
		assertThat(token.getClaimAsString("region")).isEqualTo("iad");
		assertThat(token.getClaimAsString("image")).isEqualTo("registry.example/billing:1");
		assertThat(token.getClaimAsString("image_digest")).isEqualTo(SigilClient.DIGEST);
		assertThat(token.getIssuedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
		assertThat(token.getNotBefore()).isEqualTo(token.getIssuedAt());
		assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isEqualTo(Duration.ofMinutes(10));
		assertThat(token.getId()).isNotEqualTo(withDefault.getId());

		for (Jwt issued : List.of(withDefault, forAws)) {
			JsonNode page = SigilClient
				.parse(this.client.admin("GET", "/api/v1/orgs/" + org + "/tokens?jti=" + issued.getId(), null).body());
			assertThat(page.get("items")).hasSize(1);
			JsonNode record = page.get("items").get(0);
			assertThat(record.get("jti").asString()).isEqualTo(issued.getId());
			assertThat(record.get("aud").asString()).isEqualTo(issued.getAudience().get(0));
			assertThat(record.get("kid").asString()).isEqualTo(issued.getHeaders().get("kid"));
			assertThat(record.get("machine_name").asString()).isEqualTo("worker-7");
			assertThat(record.get("client_address").asString()).isNotBlank();
			assertThat(record.get("claims").get("sub").asString()).isEqualTo(issued.getSubject());
			assertThat(record.get("claims").get("exp").asLong()).isEqualTo(issued.getExpiresAt().getEpochSecond());
		}
	}

	@Test
	void tokensWhenNativeProviderSignsThenInfoAndMetricSayWhichAndBothAlgorithmsVerify() {
		// On this platform (Linux x86-64) the native provider loads; elsewhere the JDK
		// signs, and the
		// info endpoint says why.
		JsonNode crypto = SigilClient
			.parse(this.client.send("GET", PORTS.managementPort, "/actuator/info", null, null, null).body())
			.get("crypto");
		String metrics = this.client.send("GET", PORTS.managementPort, "/actuator/prometheus", null, null, null).body();
		if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")) {
			assertThat(crypto.get("native").asBoolean()).isTrue();
			assertThat(crypto.get("signingProvider").asString()).startsWith("AmazonCorrettoCryptoProvider");
			assertThat(metrics)
				.containsPattern("sigil_crypto_native\\{[^}]*provider=\"AmazonCorrettoCryptoProvider[^}]*} 1\\.0");
		}
		else {
			assertThat(crypto.get("fallbackReason").asString()).isNotBlank();
		}
		for (String algorithm : List.of("RS256", "ES256")) {
			String org = SigilClient.uniqueSlug("alg");
			assertThat(
					this.client
						.admin("POST", "/api/v1/orgs",
								"{\"slug\":\"" + org + "\",\"name\":\"" + org + "\",\"algorithm\":\"" + algorithm
										+ "\"}")
						.statusCode())
				.isEqualTo(201);
			this.client.createApp(org, "web");
			String credential = this.client.createMachine(org, "web", "web-1").get("credential").asString();
			JwtDecoder relyingParty = JwtDecoders.fromIssuerLocation(PORTS.issuer(org));
			for (int i = 0; i < 20; i++) {
				Jwt token = relyingParty.decode(this.client.issueToken(credential, "sts.amazonaws.com"));
				assertThat(token.getHeaders()).containsEntry("alg", algorithm);
			}
		}
	}

	@Test
	void tokenWhenAnsweredThenPlainTextAndNotCacheable() {
		TestMachine machine = this.client.newMachine("plain");
		HttpResponse<String> response = this.client.token(machine.credential(), "{\"aud\":\"vault\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
		assertThat(response.body()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
	}

	@Test
	void machineWhenPatchedThenNewVersionAndTokensClaimTheChange() {
		TestMachine machine = this.client.newMachine("patch");
		String path = "/api/v1/orgs/" + machine.org() + "/apps/web/machines/web-1";
		HttpResponse<String> patched = this.client.admin("PATCH", path,
				"{\"image\":\"registry.example/web:2\",\"region\":\"fra\"}");
		assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
		assertThat(SigilClient.parse(patched.body()).get("version").asInt()).isEqualTo(2);
		assertThat(SigilClient.parse(patched.body()).has("credential")).isFalse();
		Jwt token = JwtDecoders.fromIssuerLocation(PORTS.issuer(machine.org()))
			.decode(this.client.issueToken(machine.credential(), null));
		assertThat(token.getClaimAsString("machine_version")).isEqualTo("2");
		assertThat(token.getClaimAsString("image")).isEqualTo("registry.example/web:2");
		assertThat(token.getClaimAsString("region")).isEqualTo("fra");
	}

	@Test
	void credentialWhenReplacedThenOldStopsAndNewWorks() {
		TestMachine machine = this.client.newMachine("replace");
		HttpResponse<String> replaced = this.client.admin("POST",
				"/api/v1/orgs/" + machine.org() + "/apps/web/machines/web-1/credential", null);
		assertThat(replaced.statusCode()).isEqualTo(200);
		String fresh = SigilClient.parse(replaced.body()).get("credential").asString();
		assertThat(this.client.token(machine.credential(), null).statusCode()).isEqualTo(401);
		assertThat(this.client.token(fresh, null).statusCode()).isEqualTo(200);
	}

	@Test
	void machineWhenDeletedThenCredentialRevokedAtOnce() {
		TestMachine machine = this.client.newMachine("delete");
		assertThat(this.client.token(machine.credential(), null).statusCode()).isEqualTo(200);
		HttpResponse<String> deleted = this.client.admin("DELETE",
				"/api/v1/orgs/" + machine.org() + "/apps/web/machines/web-1", null);
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(this.client.token(machine.credential(), null).statusCode()).isEqualTo(401);
		assertThat(this.client.admin("GET", "/api/v1/orgs/" + machine.org() + "/apps/web/machines/web-1", null)
			.statusCode()).isEqualTo(404);
	}

	@Test
	void auditWhenManyTokensThenNewestFirstPagesWithCursorAndFilters() {
		TestMachine machine = this.client.newMachine("pages");
		this.client.createMachine(machine.org(), "web", "web-2");
		for (int i = 0; i < 5; i++) {
			this.client.issueToken(machine.credential(), (i % 2 == 0) ? "aud-even" : "aud-odd");
		}
		String base = "/api/v1/orgs/" + machine.org() + "/tokens";
		JsonNode first = SigilClient.parse(this.client.admin("GET", base + "?limit=2", null).body());
		assertThat(first.get("items")).hasSize(2);
		String cursor = first.get("next_cursor").asString();
		JsonNode second = SigilClient.parse(this.client.admin("GET", base + "?limit=2&cursor=" + cursor, null).body());
		JsonNode third = SigilClient
			.parse(this.client.admin("GET", base + "?limit=2&cursor=" + second.get("next_cursor").asString(), null)
				.body());
		assertThat(third.get("items")).hasSize(1);
		assertThat(third.get("next_cursor").isNull()).isTrue();
		List<String> jtis = new java.util.ArrayList<>();
		for (JsonNode page : List.of(first, second, third)) {
			page.get("items").forEach((item) -> jtis.add(item.get("jti").asString()));
		}
		assertThat(jtis).hasSize(5).doesNotHaveDuplicates();
		Instant previous = Instant.MAX;
		for (JsonNode page : List.of(first, second, third)) {
			for (JsonNode item : page.get("items")) {
				Instant issued = Instant.parse(item.get("issued_at").asString());
				assertThat(issued).isBeforeOrEqualTo(previous);
				previous = issued;
			}
		}
		assertThat(SigilClient.parse(this.client.admin("GET", base + "?aud=aud-even", null).body()).get("items"))
			.hasSize(3);
		assertThat(SigilClient.parse(this.client.admin("GET", base + "?machine=web-2", null).body()).get("items"))
			.isEmpty();
		assertThat(
				SigilClient.parse(this.client.admin("GET", base + "?app=web&machine=web-1", null).body()).get("items"))
			.hasSize(5);
		String future = Instant.now().plusSeconds(3600).toString();
		assertThat(SigilClient.parse(this.client.admin("GET", base + "?from=" + future, null).body()).get("items"))
			.isEmpty();
	}

	@Test
	void orgsWhenListedThenShowIssuerAndKeys() {
		TestMachine machine = this.client.newMachine("listed");
		JsonNode orgs = SigilClient.parse(this.client.admin("GET", "/api/v1/orgs", null).body());
		assertThat(orgs.findValuesAsString("slug")).contains(machine.org());
		JsonNode keys = SigilClient
			.parse(this.client.admin("GET", "/api/v1/orgs/" + machine.org() + "/keys", null).body());
		assertThat(keys.findValuesAsString("state")).containsExactly("ACTIVE", "NEXT");
		assertThat(keys.findValuesAsString("algorithm")).containsOnly("RS256");
	}

}
