package dev.sigil.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain HTTP client for Sigil's ports, with the management calls tests need to set up a
 * machine.
 */
final class SigilClient {

	static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final TestPorts ports;

	SigilClient(TestPorts ports) {
		this.ports = ports;
	}

	static String uniqueSlug(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	HttpResponse<String> send(String method, int port, String path, String bearer, String contentType, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		try {
			return this.http.send(request.build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpResponse<String> admin(String method, String path, String json) {
		return send(method, this.ports.adminPort, path, this.ports.adminToken, "application/json", json);
	}

	HttpResponse<String> publicGet(String path) {
		return send("GET", this.ports.publicPort, path, null, null, null);
	}

	/**
	 * Asks for a token the way {@code curl --data} does: a form content type with a JSON
	 * body.
	 */
	HttpResponse<String> token(String credential, String body) {
		return send("POST", this.ports.internalPort, "/v1/tokens/oidc", credential,
				(body != null) ? "application/x-www-form-urlencoded" : null, body);
	}

	String issueToken(String credential, String audience) {
		HttpResponse<String> response = token(credential, (audience != null) ? "{\"aud\":\"" + audience + "\"}" : null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	JsonNode createOrg(String slug) {
		return created(admin("POST", "/api/v1/orgs", "{\"slug\":\"" + slug + "\",\"name\":\"Org " + slug + "\"}"));
	}

	JsonNode createApp(String org, String app) {
		return created(admin("POST", "/api/v1/orgs/" + org + "/apps", "{\"name\":\"" + app + "\"}"));
	}

	JsonNode createMachine(String org, String app, String machine) {
		return created(admin("POST", "/api/v1/orgs/" + org + "/apps/" + app + "/machines", json(Map.of("name", machine,
				"region", "iad", "image", "registry.example/" + app + ":1", "image_digest", DIGEST))));
	}

	/** A new org with one app and one machine; returns the machine's credential. */
	TestMachine newMachine(String prefix) {
		String org = uniqueSlug(prefix);
		createOrg(org);
		createApp(org, "web");
		JsonNode machine = createMachine(org, "web", "web-1");
		return new TestMachine(org, "web", "web-1", machine.get("id").asString(), machine.get("credential").asString());
	}

	static JsonNode parse(String body) {
		return JSON.readTree(body);
	}

	static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	private static JsonNode created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return parse(response.body());
	}

	record TestMachine(String org, String app, String name, String id, String credential) {
	}

}
