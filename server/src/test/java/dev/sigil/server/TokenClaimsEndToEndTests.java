package dev.sigil.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an app's settings and a machine's request put in its tokens, as a relying party
 * built on Spring Security's resource server sees them: the {@code sub} template (names
 * or immutable ids), machine labels under {@code labels}, several audiences, a
 * {@code nonce}, the app's own lifetime.
 */
class TokenClaimsEndToEndTests extends ServerTestSupport {

	@Test
	void tokenWhenAppSetsIdsLabelsAndLifetimeThenRelyingPartySeesThem() {
		String org = SigilClient.uniqueSlug("claims");
		JsonNode created = this.client.createOrg(org);
		JsonNode app = this.client.createApp(org, "web");
		JsonNode machine = created(this.client.admin("POST", "/api/v1/orgs/" + org + "/apps/web/machines",
				SigilClient.json(Map.of("name", "web-1", "region", "iad", "image", "registry.example/web:1",
						"image_digest", SigilClient.DIGEST, "labels",
						Map.of("env", "prod", "team", "payments", "secret-ish", "not in tokens")))));
		assertThat(machine.get("labels").get("env").asString()).isEqualTo("prod");
		String credential = machine.get("credential").asString();

		JsonNode changed = SigilClient.parse(ok(this.client.admin("PATCH", "/api/v1/orgs/" + org + "/apps/web",
				"{\"subject\":\"ids\",\"label_claims\":[\"team\",\"env\",\"absent\"],\"token_lifetime_seconds\":900}"))
			.body());
		assertThat(changed.get("subject").asString()).isEqualTo("ids");
		assertThat(changed.get("label_claims")).hasSize(3);
		assertThat(changed.get("token_lifetime_seconds").asInt()).isEqualTo(900);

		Jwt token = relyingParty(org, "sts.amazonaws.com").decode(ok(this.client.token(credential,
				"{\"aud\":[\"sts.amazonaws.com\",\"vault.example\"],\"nonce\":\"n-0123456789\"}"))
			.body());
		assertThat(token.getSubject()).isEqualTo(
				created.get("id").asString() + ":" + app.get("id").asString() + ":" + machine.get("id").asString());
		assertThat(token.getAudience()).containsExactly("sts.amazonaws.com", "vault.example");
		assertThat(token.getClaimAsString("nonce")).isEqualTo("n-0123456789");
		assertThat(token.getClaimAsMap("labels")).isEqualTo(Map.of("env", "prod", "team", "payments"));
		assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isEqualTo(Duration.ofMinutes(15));

		JsonNode events = SigilClient
			.parse(this.client.admin("GET", "/api/v1/events?org=" + org + "&action=app.changed", null).body());
		assertThat(events.toString()).contains("app.changed").contains("subject names -> ids");

		// Back to names and the platform's lifetime; labels stay until the app lists
		// none.
		ok(this.client.admin("PATCH", "/api/v1/orgs/" + org + "/apps/web",
				"{\"subject\":\"names\",\"label_claims\":[],\"token_lifetime_seconds\":0}"));
		Jwt plain = relyingParty(org, "sts.amazonaws.com")
			.decode(this.client.issueToken(credential, "sts.amazonaws.com"));
		assertThat(plain.getSubject()).isEqualTo(org + ":web:web-1");
		assertThat(plain.getClaims()).doesNotContainKeys("labels", "nonce");
		assertThat(plain.getAudience()).containsExactly("sts.amazonaws.com");
		assertThat(Duration.between(plain.getIssuedAt(), plain.getExpiresAt())).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void subjectWhenIdsAndMachineRecreatedUnderSameNameThenOldSubjectNoLongerMatches() {
		String org = SigilClient.uniqueSlug("ids");
		this.client.createOrg(org);
		this.client.createApp(org, "web");
		ok(this.client.admin("PATCH", "/api/v1/orgs/" + org + "/apps/web", "{\"subject\":\"ids\"}"));
		String first = this.client.createMachine(org, "web", "web-1").get("credential").asString();
		String oldSubject = relyingParty(org, "a").decode(this.client.issueToken(first, "a")).getSubject();
		assertThat(this.client.admin("DELETE", "/api/v1/orgs/" + org + "/apps/web/machines/web-1", null).statusCode())
			.isEqualTo(204);
		String second = this.client.createMachine(org, "web", "web-1").get("credential").asString();
		String newSubject = relyingParty(org, "a").decode(this.client.issueToken(second, "a")).getSubject();
		assertThat(newSubject).isNotEqualTo(oldSubject);
		assertThat(oldSubject).doesNotContain("web");
	}

	@Test
	void labelsWhenChangedThenNewVersionAndNextTokenCarriesThem() {
		String org = SigilClient.uniqueSlug("labels");
		this.client.createOrg(org);
		this.client.createApp(org, "web");
		String credential = this.client.createMachine(org, "web", "web-1").get("credential").asString();
		ok(this.client.admin("PATCH", "/api/v1/orgs/" + org + "/apps/web", "{\"label_claims\":[\"env\"]}"));
		Jwt before = relyingParty(org, "a").decode(this.client.issueToken(credential, "a"));
		assertThat(before.getClaimAsMap("labels")).isEmpty();

		JsonNode changed = SigilClient.parse(ok(this.client.admin("PATCH",
				"/api/v1/orgs/" + org + "/apps/web/machines/web-1", "{\"labels\":{\"env\":\"staging\"}}"))
			.body());
		assertThat(changed.get("version").asInt()).isEqualTo(2);
		Jwt after = relyingParty(org, "a").decode(this.client.issueToken(credential, "a"));
		assertThat(after.getClaimAsMap("labels")).isEqualTo(Map.of("env", "staging"));
		assertThat(after.getClaimAsString("machine_version")).isEqualTo("2");
	}

	@Test
	void settingsWhenInvalidThenRefusedWithReasonAndNothingChanged() {
		String org = SigilClient.uniqueSlug("bad");
		this.client.createOrg(org);
		this.client.createApp(org, "web");
		for (String body : List.of("{\"subject\":\"emails\"}", "{\"token_lifetime_seconds\":299}",
				"{\"token_lifetime_seconds\":3601}", "{\"label_claims\":[\"Env\"]}",
				"{\"label_claims\":[" + "\"k\",".repeat(20) + "\"k21\"]}")) {
			HttpResponse<String> refused = this.client.admin("PATCH", "/api/v1/orgs/" + org + "/apps/web", body);
			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(refused.body()).contains("invalid-request");
		}
		for (String labels : List.of("{\"Env\":\"x\"}", "{\"env\":5}", "{\"env\":\"a\\nb\"}",
				"{\"env\":\"" + "v".repeat(257) + "\"}", "[\"env\"]")) {
			HttpResponse<String> refused = this.client.admin("PATCH",
					"/api/v1/orgs/" + org + "/apps/web/machines/nobody", "{\"labels\":" + labels + "}");
			assertThat(refused.statusCode()).as(labels).isIn(400, 404);
			HttpResponse<String> create = this.client.admin("POST", "/api/v1/orgs/" + org + "/apps/web/machines",
					"{\"name\":\"m1\",\"region\":\"iad\",\"image\":\"i\",\"image_digest\":\"" + SigilClient.DIGEST
							+ "\",\"labels\":" + labels + "}");
			assertThat(create.statusCode()).as(labels).isEqualTo(400);
		}
		JsonNode app = SigilClient.parse(this.client.admin("GET", "/api/v1/orgs/" + org + "/apps/web", null).body());
		assertThat(app.get("subject").asString()).isEqualTo("names");
		assertThat(app.get("label_claims")).isEmpty();
		assertThat(app.get("token_lifetime_seconds").isNull()).isTrue();
	}

	private static NimbusJwtDecoder relyingParty(String org, String audience) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(PORTS.issuer(org)).build();
		OAuth2TokenValidator<Jwt> audienceCheck = new JwtClaimValidator<List<String>>("aud",
				(aud) -> aud != null && aud.contains(audience));
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(PORTS.issuer(org)), audienceCheck));
		return decoder;
	}

	private static HttpResponse<String> ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response;
	}

	private static JsonNode created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return SigilClient.parse(response.body());
	}

}
