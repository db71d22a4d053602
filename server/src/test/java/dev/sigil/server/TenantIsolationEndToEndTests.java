package dev.sigil.server;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** One org's tokens, keys and records never pass for, or show up in, another org's. */
class TenantIsolationEndToEndTests extends ServerTestSupport {

	@Test
	void tokenWhenVerifiedAgainstOtherOrgsJwksThenRejected() {
		TestMachine alpha = this.client.newMachine("alpha");
		TestMachine beta = this.client.newMachine("beta");
		String alphaToken = this.client.issueToken(alpha.credential(), "sts.amazonaws.com");
		JwtDecoder betaKeysOnly = NimbusJwtDecoder.withJwkSetUri(PORTS.issuer(beta.org()) + "/oauth2/jwks").build();
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> betaKeysOnly.decode(alphaToken));
		JwtDecoder betaIssuer = JwtDecoders.fromIssuerLocation(PORTS.issuer(beta.org()));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> betaIssuer.decode(alphaToken));
		assertThat(JwtDecoders.fromIssuerLocation(PORTS.issuer(alpha.org())).decode(alphaToken).getSubject())
			.startsWith(alpha.org() + ":");
	}

	@Test
	void jwksWhenTwoOrgsThenEachPublishesOnlyItsOwnKeys() {
		TestMachine alpha = this.client.newMachine("alpha");
		TestMachine beta = this.client.newMachine("beta");
		JsonNode alphaKeys = SigilClient.parse(this.client.publicGet("/" + alpha.org() + "/oauth2/jwks").body());
		JsonNode betaKeys = SigilClient.parse(this.client.publicGet("/" + beta.org() + "/oauth2/jwks").body());
		assertThat(alphaKeys.findValuesAsString("kid")).doesNotContainAnyElementsOf(betaKeys.findValuesAsString("kid"));
	}

	@Test
	void auditWhenQueriedForOtherOrgsJtiThenFindsNothing() {
		TestMachine alpha = this.client.newMachine("alpha");
		TestMachine beta = this.client.newMachine("beta");
		String token = this.client.issueToken(alpha.credential(), null);
		String jti = JwtDecoders.fromIssuerLocation(PORTS.issuer(alpha.org())).decode(token).getId();
		JsonNode inBeta = SigilClient
			.parse(this.client.admin("GET", "/api/v1/orgs/" + beta.org() + "/tokens?jti=" + jti, null).body());
		assertThat(inBeta.get("items")).isEmpty();
		JsonNode allOfBeta = SigilClient
			.parse(this.client.admin("GET", "/api/v1/orgs/" + beta.org() + "/tokens?limit=500", null).body());
		assertThat(allOfBeta.findValuesAsString("jti")).doesNotContain(jti);
		JsonNode inAlpha = SigilClient
			.parse(this.client.admin("GET", "/api/v1/orgs/" + alpha.org() + "/tokens?jti=" + jti, null).body());
		assertThat(inAlpha.get("items")).hasSize(1);
	}

	@Test
	void machineCredentialWhenUsedAsAdminTokenThenNeverAccepted() {
		TestMachine alpha = this.client.newMachine("alpha");
		for (String path : new String[] { "/api/v1/orgs", "/api/v1/orgs/" + alpha.org(),
				"/api/v1/orgs/" + alpha.org() + "/tokens", "/api/v1/orgs/" + alpha.org() + "/keys" }) {
			int status = this.client.send("GET", PORTS.adminPort, path, alpha.credential(), null, null).statusCode();
			assertThat(status).as(path).isEqualTo(403);
		}
		int create = this.client
			.send("POST", PORTS.adminPort, "/api/v1/orgs", alpha.credential(), "application/json",
					"{\"slug\":\"" + SigilClient.uniqueSlug("sneaky") + "\",\"name\":\"x\"}")
			.statusCode();
		assertThat(create).isEqualTo(403);
	}

}
