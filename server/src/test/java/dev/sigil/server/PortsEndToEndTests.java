package dev.sigil.server;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each port serves its own paths and answers 404 for every other's: a workload that can
 * reach the token port reaches neither the management API nor the admin UI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortsEndToEndTests extends ServerTestSupport {

	private TestMachine machine;

	@BeforeAll
	void machine() {
		this.machine = this.client.newMachine("ports");
	}

	Stream<Arguments> routes() {
		return Stream.of(
				// port, method, path, who, expected status
				Arguments.of("public", "GET", "/%org/.well-known/openid-configuration", "none", 200),
				Arguments.of("public", "GET", "/%org/oauth2/jwks", "none", 200),
				Arguments.of("public", "POST", "/v1/tokens/oidc", "machine", 404),
				Arguments.of("public", "GET", "/api/v1/orgs", "admin", 404),
				Arguments.of("public", "GET", "/admin/login", "none", 404),
				Arguments.of("internal", "POST", "/v1/tokens/oidc", "machine", 200),
				Arguments.of("internal", "GET", "/api/v1/orgs", "admin", 404),
				Arguments.of("internal", "GET", "/admin/login", "none", 404),
				Arguments.of("internal", "GET", "/%org/.well-known/openid-configuration", "none", 404),
				Arguments.of("internal", "GET", "/actuator/health", "none", 404),
				Arguments.of("admin", "GET", "/api/v1/orgs", "admin", 200),
				Arguments.of("admin", "GET", "/admin/login", "none", 200),
				Arguments.of("admin", "POST", "/v1/tokens/oidc", "machine", 404),
				Arguments.of("admin", "GET", "/%org/oauth2/jwks", "none", 404),
				Arguments.of("admin", "GET", "/anything-else", "admin", 404));
	}

	@ParameterizedTest(name = "{0} port: {1} {2} -> {4}")
	@MethodSource("routes")
	void requestWhenSentToAPortThenOnlyItsOwnPathsAnswer(String port, String method, String path, String who,
			int status) {
		int number = switch (port) {
			case "public" -> PORTS.publicPort;
			case "internal" -> PORTS.internalPort;
			default -> PORTS.adminPort;
		};
		String bearer = switch (who) {
			case "machine" -> this.machine.credential();
			case "admin" -> PORTS.adminToken;
			default -> null;
		};
		HttpResponse<String> answer = this.client.send(method, number, path.replace("%org", this.machine.org()), bearer,
				null, null);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		if (status == 404) {
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

}
