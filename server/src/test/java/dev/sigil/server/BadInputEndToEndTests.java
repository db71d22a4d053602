package dev.sigil.server;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input gets a clear 4xx with a stable problem type, changes nothing,
 * and leaves the server serving.
 */
class BadInputEndToEndTests extends ServerTestSupport {

	private static TestMachine machine;

	@BeforeAll
	static void machine() {
		machine = new SigilClient(PORTS).newMachine("bad");
	}

	static Stream<Arguments> badInputs() {
		String longAud = "a".repeat(513);
		String bigBody = "{\"aud\":\"" + "x".repeat(9000) + "\"}";
		return Stream.of(
				// name, method, path, who, body, status, problem
				Arguments.of("no credential", "POST", "/v1/tokens/oidc", "none", null, 401, "unauthenticated"),
				Arguments.of("unknown credential", "POST", "/v1/tokens/oidc", "sgm_" + "A".repeat(43), null, 401,
						"unauthenticated"),
				Arguments.of("garbage credential", "POST", "/v1/tokens/oidc", "nonsense", null, 401, "unauthenticated"),
				Arguments.of("malformed JSON", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":", 400,
						"malformed-json"),
				Arguments.of("aud a number", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":5}", 400,
						"invalid-audience"),
				Arguments.of("aud an empty array", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":[]}", 400,
						"invalid-audience"),
				Arguments.of("aud six audiences", "POST", "/v1/tokens/oidc", "machine",
						"{\"aud\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}", 400, "invalid-audience"),
				Arguments.of("aud an array with a number", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":[\"a\",5]}",
						400, "invalid-audience"),
				Arguments.of("aud named twice", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":[\"a\",\"a\"]}", 400,
						"invalid-audience"),
				Arguments.of("aud too long together", "POST", "/v1/tokens/oidc", "machine",
						"{\"aud\":[\"" + "a".repeat(300) + "\",\"" + "b".repeat(300) + "\"]}", 400, "invalid-audience"),
				Arguments.of("nonce too short", "POST", "/v1/tokens/oidc", "machine", "{\"nonce\":\"1234567\"}", 400,
						"invalid-request"),
				Arguments.of("nonce too long", "POST", "/v1/tokens/oidc", "machine",
						"{\"nonce\":\"" + "n".repeat(129) + "\"}", 400, "invalid-request"),
				Arguments.of("nonce with a space", "POST", "/v1/tokens/oidc", "machine", "{\"nonce\":\"abcd efgh\"}",
						400, "invalid-request"),
				Arguments.of("nonce a number", "POST", "/v1/tokens/oidc", "machine", "{\"nonce\":12345678}", 400,
						"invalid-request"),
				Arguments.of("token request with an unknown member", "POST", "/v1/tokens/oidc", "machine",
						"{\"audience\":\"a\"}", 400, "invalid-request"),
				Arguments.of("aud an object", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":{}}", 400,
						"invalid-audience"),
				Arguments.of("aud too long", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":\"" + longAud + "\"}", 400,
						"invalid-audience"),
				Arguments.of("aud with a newline", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":\"a\\nb\"}", 400,
						"invalid-audience"),
				Arguments.of("aud with a NUL", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":\"a\\u0000b\"}", 400,
						"invalid-audience"),
				Arguments.of("aud empty", "POST", "/v1/tokens/oidc", "machine", "{\"aud\":\"\"}", 400,
						"invalid-audience"),
				Arguments.of("body an array", "POST", "/v1/tokens/oidc", "machine", "[1,2]", 400, "invalid-request"),
				Arguments.of("body too large", "POST", "/v1/tokens/oidc", "machine", bigBody, 413, "payload-too-large"),
				Arguments.of("org slug upper case", "POST", "/api/v1/orgs", "admin",
						"{\"slug\":\"Acme\",\"name\":\"Acme\"}", 400, "invalid-request"),
				Arguments.of("org slug with underscore", "POST", "/api/v1/orgs", "admin",
						"{\"slug\":\"ac_me\",\"name\":\"Acme\"}", 400, "invalid-request"),
				Arguments.of("org slug ends with hyphen", "POST", "/api/v1/orgs", "admin",
						"{\"slug\":\"acme-\",\"name\":\"Acme\"}", 400, "invalid-request"),
				Arguments.of("org slug too long", "POST", "/api/v1/orgs", "admin",
						"{\"slug\":\"" + "a".repeat(64) + "\",\"name\":\"Acme\"}", 400, "invalid-request"),
				Arguments.of("org slug reserved", "POST", "/api/v1/orgs", "admin",
						"{\"slug\":\"admin\",\"name\":\"Acme\"}", 400, "invalid-request"),
				Arguments.of("org slug missing", "POST", "/api/v1/orgs", "admin", "{\"name\":\"Acme\"}", 400,
						"invalid-request"),
				Arguments.of("org algorithm unknown", "POST", "/api/v1/orgs", "admin",
						"{\"slug\":\"algo-x\",\"name\":\"Acme\",\"algorithm\":\"HS256\"}", 400, "invalid-request"),
				Arguments.of("management malformed JSON", "POST", "/api/v1/orgs", "admin", "{\"slug\":", 400,
						"malformed-json"),
				Arguments.of("management body too large", "POST", "/api/v1/orgs", "admin", bigBody, 413,
						"payload-too-large"),
				Arguments.of("duplicate org", "POST", "/api/v1/orgs", "admin", "{\"slug\":\"%org\",\"name\":\"Again\"}",
						409, "conflict"),
				Arguments.of("duplicate app", "POST", "/api/v1/orgs/%org/apps", "admin", "{\"name\":\"web\"}", 409,
						"conflict"),
				Arguments.of("duplicate machine", "POST", "/api/v1/orgs/%org/apps/web/machines", "admin",
						"{\"name\":\"web-1\",\"region\":\"iad\",\"image\":\"i:1\",\"image_digest\":\""
								+ SigilClient.DIGEST + "\"}",
						409, "conflict"),
				Arguments.of("machine name with colon", "POST", "/api/v1/orgs/%org/apps/web/machines", "admin",
						"{\"name\":\"a:b\",\"region\":\"iad\",\"image\":\"i:1\",\"image_digest\":\""
								+ SigilClient.DIGEST + "\"}",
						400, "invalid-request"),
				Arguments.of("machine digest malformed", "POST", "/api/v1/orgs/%org/apps/web/machines", "admin",
						"{\"name\":\"web-9\",\"region\":\"iad\",\"image\":\"i:1\",\"image_digest\":\"nope\"}", 400,
						"invalid-request"),
				Arguments.of("app name invalid", "POST", "/api/v1/orgs/%org/apps", "admin", "{\"name\":\"Web App\"}",
						400, "invalid-request"),
				Arguments.of("unknown org", "GET", "/api/v1/orgs/no-such-org", "admin", null, 404, "not-found"),
				Arguments.of("unknown app", "GET", "/api/v1/orgs/%org/apps/nope", "admin", null, 404, "not-found"),
				Arguments.of("audit jti not a UUID", "GET", "/api/v1/orgs/%org/tokens?jti=nope", "admin", null, 400,
						"invalid-request"),
				Arguments.of("audit limit too big", "GET", "/api/v1/orgs/%org/tokens?limit=100000", "admin", null, 400,
						"invalid-request"),
				Arguments.of("audit cursor forged", "GET", "/api/v1/orgs/%org/tokens?cursor=zzz", "admin", null, 400,
						"invalid-request"),
				Arguments.of("audit from not a time", "GET", "/api/v1/orgs/%org/tokens?from=yesterday", "admin", null,
						400, "invalid-request"),
				Arguments.of("machine credential on management", "GET", "/api/v1/orgs", "machine", null, 403,
						"forbidden"),
				Arguments.of("admin token asking for machine token", "POST", "/v1/tokens/oidc", "admin", null, 403,
						"forbidden"),
				Arguments.of("wrong admin token", "GET", "/api/v1/orgs", "sga_" + "B".repeat(43), null, 401,
						"unauthenticated"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInputs")
	void badInputWhenSentThenClearProblemAndNothingChanges(String name, String method, String path, String who,
			String body, int status, String problem) {
		int auditBefore = auditRows();
		int orgsBefore = SigilClient.parse(this.client.admin("GET", "/api/v1/orgs", null).body()).size();
		String bearer = switch (who) {
			case "none" -> null;
			case "machine" -> machine.credential();
			case "admin" -> PORTS.adminToken;
			default -> who;
		};
		int port = path.startsWith("/api/") ? PORTS.adminPort : PORTS.internalPort;
		HttpResponse<String> response = this.client.send(method, port, path.replace("%org", machine.org()), bearer,
				(body != null) ? "application/json" : null,
				(body != null) ? body.replace("%org", machine.org()) : null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode detail = SigilClient.parse(response.body());
		assertThat(detail.get("type").asString()).isEqualTo("urn:sigil:problem:" + problem);
		assertThat(detail.get("status").asInt()).isEqualTo(status);
		assertThat(detail.get("detail").asString()).isNotBlank();
		assertThat(auditRows()).as("no token issued").isEqualTo(auditBefore);
		assertThat(SigilClient.parse(this.client.admin("GET", "/api/v1/orgs", null).body()).size()).as("no org created")
			.isEqualTo(orgsBefore);
		assertThat(this.client.token(machine.credential(), null).statusCode()).as("still serving").isEqualTo(200);
	}

	@Test
	void tokenWhenAudienceAtTheLimitThenIssued() {
		String aud = "b".repeat(512);
		assertThat(this.client.token(machine.credential(), "{\"aud\":\"" + aud + "\"}").statusCode()).isEqualTo(200);
	}

	private int auditRows() {
		JsonNode page = SigilClient
			.parse(this.client.admin("GET", "/api/v1/orgs/" + machine.org() + "/tokens?limit=500", null).body());
		return page.get("items").size();
	}

}
