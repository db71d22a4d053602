package dev.sigil.server;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the production setting (no plain-http issuers), a trust policy cannot make Sigil
 * fetch from inside the platform's own network: loopback, the cloud metadata address,
 * private ranges, plain http, and names that resolve to any of them are refused.
 */
class FederationAddressesEndToEndTests {

	private static TestServer server;

	private static String org;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		org = SigilClient.uniqueSlug("fed-strict");
		server.client.createOrg(org);
		server.client.createApp(org, "web");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void policyWhenItNamesAnAddressInsideThePlatformThenRefused() {
		for (String issuer : List.of("https://127.0.0.1:8443", "https://169.254.169.254", "https://10.1.2.3",
				"https://192.168.0.10", "https://[::1]", "https://[fd00::1]", "https://100.64.0.1", "https://localhost",
				"http://issuer.example.com", "https://0.0.0.0")) {
			HttpResponse<String> answer = create(policy("p", issuer, Map.of("source", "discovery")));
			assertThat(answer.statusCode()).as(issuer + ": " + answer.body()).isEqualTo(400);
			assertThat(answer.body()).contains("issuer");
		}
		for (String jwksUri : List.of("https://169.254.169.254/latest/meta-data/", "https://10.0.0.7/jwks",
				"https://127.0.0.1/jwks", "http://issuer.example.com/jwks")) {
			HttpResponse<String> answer = create(
					policy("p", "https://issuer.example.com", Map.of("source", "jwks_uri", "jwks_uri", jwksUri)));
			assertThat(answer.statusCode()).as(jwksUri + ": " + answer.body()).isEqualTo(400);
			assertThat(answer.body()).contains("keys.jwks_uri");
		}
	}

	@Test
	void issuerWhenItsNameResolvesInsideThePlatformThenItsKeysAreNeverFetched() throws Exception {
		String host = InetAddress.getLocalHost().getHostName();
		InetAddress resolved = InetAddress.getByName(host);
		Assumptions.assumeTrue(resolved.isLoopbackAddress() || resolved.isSiteLocalAddress(),
				"this machine's host name resolves to a public address");
		HttpResponse<String> created = create(
				policy("by-name", "https://" + host + ":8443", Map.of("source", "discovery")));
		assertThat(created.statusCode()).as("a name is checked when it resolves").isEqualTo(201);
		String token = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ." + java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"iss\":\"https://" + host + ":8443\",\"aud\":\"sigil\",\"exp\":9999999999}")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".c2ln";
		HttpResponse<String> answer = FederationEndToEndTests.exchangeAt(server, org, "by-name", token);
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("could not be fetched");
	}

	private static HttpResponse<String> create(Map<String, Object> policy) {
		return server.client.admin("POST", "/api/v1/orgs/" + org + "/trust-policies", SigilClient.json(policy));
	}

	private static Map<String, Object> policy(String name, String issuer, Map<String, Object> keys) {
		return Map.of("name", name, "issuer", issuer, "provider", "github", "keys", keys, "algorithms",
				List.of("ES256"), "audiences", List.of("sigil"), "must_match", Map.of("/repository_owner_id", "1"),
				"grant", Map.of("type", "api_token", "permissions", List.of("machines:read"), "apps", List.of("web")));
	}

}
