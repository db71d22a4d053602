package dev.sigil.server;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One error model: every error of the public and internal ports, unknown paths and
 * methods included, is an RFC 9457 problem document with a stable type; a request body
 * with a member the API does not know is refused naming it.
 */
class ErrorModelEndToEndTests extends ServerTestSupport {

	@Test
	void errorsWhenUnknownPathsOrMethodsOnPublicAndInternalPortsThenProblemDocuments() {
		String org = SigilClient.uniqueSlug("errors");
		this.client.createOrg(org);
		List<Object[]> requests = List.of(new Object[] { "GET", PORTS.publicPort, "/nowhere" },
				new Object[] { "GET", PORTS.publicPort, "/" + org + "/nowhere" },
				new Object[] { "GET", PORTS.publicPort, "/no-such-org/.well-known/openid-configuration" },
				new Object[] { "DELETE", PORTS.publicPort, "/" + org + "/.well-known/openid-configuration" },
				new Object[] { "POST", PORTS.publicPort, "/" + org + "/oauth2/jwks" },
				new Object[] { "GET", PORTS.internalPort, "/nowhere" },
				new Object[] { "GET", PORTS.internalPort, "/v1/tokens/oidc" },
				new Object[] { "PUT", PORTS.internalPort, "/v1/tokens/explain" },
				new Object[] { "GET", PORTS.internalPort, "/api/v1/orgs" });
		java.util.List<String> wrong = new java.util.ArrayList<>();
		for (Object[] request : requests) {
			HttpResponse<String> seen = this.client.send((String) request[0], (Integer) request[1], (String) request[2],
					null, null, null);
			if (!seen.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
				wrong.add(request[0] + " :" + request[1] + request[2] + " -> " + seen.statusCode() + " " + seen.body());
			}
		}
		assertThat(wrong).isEmpty();
		for (Object[] request : requests) {
			HttpResponse<String> response = this.client.send((String) request[0], (Integer) request[1],
					(String) request[2], null, null, null);
			String what = request[0] + " :" + request[1] + request[2] + " -> " + response.statusCode() + " "
					+ response.body();
			assertClientProblem(response, what);
		}
	}

	@Test
	void errorsWhenUnknownPathsOrMethodsOfTheManagementApiThenProblemDocuments() {
		String org = SigilClient.uniqueSlug("api-errors");
		this.client.createOrg(org);
		List<String[]> requests = List.of(new String[] { "GET", "/api/v1/nowhere" },
				new String[] { "GET", "/api/v1/orgs/" + org + "/nowhere" },
				new String[] { "DELETE", "/api/v1/orgs/" + org + "/keys" }, new String[] { "PUT", "/api/v1/orgs" },
				new String[] { "GET", "/api/v1" });
		for (String[] request : requests) {
			HttpResponse<String> response = this.client.admin(request[0], request[1], null);
			String what = request[0] + " " + request[1] + " -> " + response.statusCode() + " " + response.body();
			assertClientProblem(response, what);
		}
	}

	/** A 4xx answered as an RFC 9457 problem of Sigil's, its status the response's. */
	private static void assertClientProblem(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what).isBetween(400, 499);
		assertThat(response.headers().firstValue("Content-Type")).as(what)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = SigilClient.parse(response.body());
		assertThat(problem.get("type").asString()).as(what).startsWith("urn:sigil:problem:");
		assertThat(problem.get("status").asInt()).as(what).isEqualTo(response.statusCode());
	}

	@Test
	void errorsWhenTheRequestIsMalformedThenTheDetailNamesWhatIsWantedNotWhatWasSent() {
		String org = SigilClient.uniqueSlug("details");
		this.client.createOrg(org);
		HttpResponse<String> typed = this.client.admin("GET",
				"/api/v1/orgs/" + org + "/token-exchanges?limit=sent-by-the-caller", null);
		assertThat(typed.statusCode()).as(typed.body()).isEqualTo(400);
		assertThat(SigilClient.parse(typed.body()).get("detail").asString()).isEqualTo("'limit' must be a number");
		HttpResponse<String> media = this.client.send("POST", PORTS.adminPort, "/api/v1/orgs", PORTS.adminToken,
				"text/x-sent-by-the-caller", "{}");
		assertThat(media.statusCode()).as(media.body()).isEqualTo(415);
		assertThat(media.body()).contains("application/json").doesNotContain("sent-by-the-caller");
		assertThat(typed.body()).doesNotContain("sent-by-the-caller").doesNotContain("java.lang");
	}

	@Test
	void bodyWhenItHasAnUnknownMemberThenRefusedNamingIt() {
		String org = SigilClient.uniqueSlug("strict");
		this.client.createOrg(org);
		this.client.createApp(org, "web");
		this.client.createMachine(org, "web", "web-1");
		HttpResponse<String> patch = this.client.admin("PATCH", "/api/v1/orgs/" + org + "/apps/web/machines/web-1",
				"{\"region\":\"fra\",\"regoin\":\"fra\"}");
		assertThat(patch.statusCode()).as(patch.body()).isEqualTo(400);
		assertThat(patch.body()).contains("regoin").contains("urn:sigil:problem:invalid-request");
		JsonNode machine = SigilClient
			.parse(this.client.admin("GET", "/api/v1/orgs/" + org + "/apps/web/machines/web-1", null).body());
		assertThat(machine.get("region").asString()).isEqualTo("iad");
		HttpResponse<String> create = this.client.admin("POST", "/api/v1/orgs",
				"{\"slug\":\"" + SigilClient.uniqueSlug("x") + "\",\"name\":\"X\",\"algorithim\":\"ES256\"}");
		assertThat(create.statusCode()).as(create.body()).isEqualTo(400);
		assertThat(create.body()).contains("algorithim");
	}

}
