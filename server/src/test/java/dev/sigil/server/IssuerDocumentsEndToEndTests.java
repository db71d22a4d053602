package dev.sigil.server;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/** The public port: each org's discovery document and JWKS, and nothing else. */
class IssuerDocumentsEndToEndTests extends ServerTestSupport {

	@Test
	void discoveryWhenKnownOrgThenDescribesMachineTokens() {
		TestMachine machine = this.client.newMachine("disco");
		HttpResponse<String> response = this.client
			.publicGet("/" + machine.org() + "/.well-known/openid-configuration");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode document = SigilClient.parse(response.body());
		assertThat(document.get("issuer").asString()).isEqualTo(PORTS.issuer(machine.org()));
		assertThat(document.get("jwks_uri").asString()).isEqualTo(PORTS.issuer(machine.org()) + "/oauth2/jwks");
		assertThat(document.get("response_types_supported").get(0).asString()).isEqualTo("id_token");
		assertThat(document.get("subject_types_supported").get(0).asString()).isEqualTo("public");
		assertThat(document.get("id_token_signing_alg_values_supported").get(0).asString()).isEqualTo("RS256");
		assertThat(document.get("scopes_supported").get(0).asString()).isEqualTo("openid");
		assertThat(document.get("claims_supported")).hasSize(20);
		assertThat(document.has("userinfo_endpoint")).isFalse();
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("max-age="));
		assertThat(response.headers().firstValue("ETag")).isPresent();
	}

	@Test
	void jwksWhenFetchedThenPublicKeysOnlyWithCachingHeaders() {
		TestMachine machine = this.client.newMachine("jwks");
		HttpResponse<String> response = this.client.publicGet("/" + machine.org() + "/oauth2/jwks");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode keys = SigilClient.parse(response.body()).get("keys");
		assertThat(keys).as("the active key and the next one").hasSize(2);
		for (JsonNode key : keys) {
			for (String privatePart : new String[] { "d", "p", "q", "dp", "dq", "qi" }) {
				assertThat(key.has(privatePart)).as(privatePart).isFalse();
			}
		}
		String etag = response.headers().firstValue("ETag").orElseThrow();
		assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=");
		HttpResponse<String> again = send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + PORTS.publicPort + "/" + machine.org() + "/oauth2/jwks"))
			.header("If-None-Match", etag)
			.build());
		assertThat(again.statusCode()).isEqualTo(304);
	}

	@Test
	void discoveryWhenHostHeaderForgedThenIssuerStillFromConfiguration() {
		TestMachine machine = this.client.newMachine("host");
		String raw = rawGet("/" + machine.org() + "/.well-known/openid-configuration",
				"Host: evil.example\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n");
		assertThat(raw).startsWith("HTTP/1.1 200");
		assertThat(raw).contains("\"issuer\":\"" + PORTS.issuer(machine.org()) + "\"");
		assertThat(raw).doesNotContain("evil.example");
	}

	@Test
	void publicPortWhenUnknownOrgOrOtherPathThenNotFound() {
		assertThat(this.client.publicGet("/no-such-org/.well-known/openid-configuration").statusCode()).isEqualTo(404);
		assertThat(this.client.publicGet("/no-such-org/oauth2/jwks").statusCode()).isEqualTo(404);
		assertThat(this.client.publicGet("/api/v1/orgs").statusCode()).isEqualTo(404);
		assertThat(this.client.publicGet("/v1/tokens/oidc").statusCode()).isEqualTo(404);
		assertThat(this.client.publicGet("/a/b/.well-known/openid-configuration").statusCode()).isEqualTo(404);
		TestMachine machine = this.client.newMachine("paths");
		assertThat(this.client.publicGet("/" + machine.org() + "/oauth2/token").statusCode())
			.as("the token endpoint takes POST only")
			.isEqualTo(405);
		assertThat(this.client.publicGet("/no-such-org/oauth2/token").statusCode()).isEqualTo(404);
		assertThat(this.client.publicGet("/" + machine.org() + "/userinfo").statusCode()).isEqualTo(404);
		assertThat(this.client.send("POST", PORTS.publicPort, "/v1/tokens/oidc", machine.credential(), null, null)
			.statusCode()).isEqualTo(404);
	}

	@Test
	void internalPortWhenIssuerDocumentAskedThenNotFound() {
		TestMachine machine = this.client.newMachine("internal");
		assertThat(this.client.send("GET", PORTS.internalPort, "/" + machine.org() + "/oauth2/jwks", null, null, null)
			.statusCode()).isEqualTo(404);
	}

	@Test
	void managementPortWhenProbedThenReadyAndScrapeable() {
		HttpResponse<String> readiness = this.client.send("GET", PORTS.managementPort, "/actuator/health/readiness",
				null, null, null);
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("UP");
		this.client.issueToken(this.client.newMachine("metrics").credential(), null);
		HttpResponse<String> prometheus = this.client.send("GET", PORTS.managementPort, "/actuator/prometheus", null,
				null, null);
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("sigil_tokens_issued_total").contains("outcome=\"issued\"");
	}

	/**
	 * A request written by hand, since HTTP clients refuse to send a forged Host header.
	 */
	private static String rawGet(String path, String headers) {
		try (Socket socket = new Socket("localhost", PORTS.publicPort)) {
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HttpClient.newHttpClient().send(request, BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
