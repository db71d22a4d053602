package dev.sigil.api.machine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.credential.ApiTokens;
import dev.sigil.issuer.credential.MachineCredentials;
import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.network.ClientAddresses;
import dev.sigil.issuer.network.NetworkProperties;
import dev.sigil.issuer.token.IssuedToken;
import dev.sigil.issuer.token.MachineTokenMinter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * What the token endpoint makes of a request before a token is minted: the method, the
 * credential, and the body's shape. The audiences and nonce it hands on are checked by
 * the minter ({@code AudiencesTests}, {@code NoncesTests}).
 */
class MachineTokenEndpointTests {

	private static final String SECRET = "sigil_m_test-credential";

	private static final int MAX_BODY = 256;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final MachineIdentity MACHINE = new MachineIdentity(UUID.randomUUID(), "acme", UUID.randomUUID(),
			"web", UUID.randomUUID(), "web-1", 1, "eu-west-1", "img", "sha256:" + "a".repeat(64));

	private final MachineCredentials machines = mock(MachineCredentials.class);

	private final MachineTokenMinter minter = mock(MachineTokenMinter.class);

	private final MachineTokenEndpoint endpoint = new MachineTokenEndpoint(this.machines, mock(ApiTokens.class),
			this.minter, JSON, MAX_BODY, new ClientAddresses(new NetworkProperties(List.of())),
			new TokenRateLimits(new RateLimitProperties(0, 0), new SimpleMeterRegistry()), Runnable::run);

	MachineTokenEndpointTests() {
		given(this.machines.authenticate(SECRET)).willReturn(Optional.of(MACHINE));
		given(this.minter.mintAsync(any(), anyList(), any(), any())).willReturn(
				CompletableFuture.completedFuture(new IssuedToken("header.payload.signature", UUID.randomUUID(), "k")));
	}

	private static MockHttpServletRequest post(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", MachineTokenEndpoint.PATH);
		request.setAsyncSupported(true);
		request.addHeader("Authorization", "Bearer " + SECRET);
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private MockHttpServletResponse send(MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.endpoint.doFilter(request, response, new MockFilterChain());
		return response;
	}

	static Stream<Arguments> accepted() {
		return Stream.of(Arguments.of("no body", "", List.of(), null),
				Arguments.of("blank body", " \r\n\t ", List.of(), null),
				Arguments.of("empty object", "{}", List.of(), null),
				Arguments.of("one audience", "{\"aud\":\"sts.amazonaws.com\"}", List.of("sts.amazonaws.com"), null),
				Arguments.of("null audience", "{\"aud\":null}", List.of(), null),
				Arguments.of("audiences", "{\"aud\":[\"a\",\"b\"]}", List.of("a", "b"), null),
				Arguments.of("five audiences", "{\"aud\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}",
						List.of("a", "b", "c", "d", "e"), null),
				Arguments.of("nonce", "{\"nonce\":\"n-0123456\"}", List.of(), "n-0123456"),
				Arguments.of("null nonce", "{\"aud\":\"x\",\"nonce\":null}", List.of("x"), null),
				Arguments.of("escapes decoded", "{\"aud\":\"a\\u2028\\\"b\\\\\"}", List.of("a\u2028\"b\\"), null),
				Arguments.of("lone surrogate handed on for the minter to refuse", "{\"aud\":\"\\ud800\"}",
						List.of("\ud800"), null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("accepted")
	void postWhenBodyIsATokenRequestThenMinterAskedForItsAudiencesAndNonce(String name, String body,
			List<String> audiences, String nonce) throws Exception {
		MockHttpServletResponse response = send(post(body));

		verify(this.minter).mintAsync(MACHINE, audiences, nonce, "127.0.0.1");
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo("header.payload.signature");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
	}

	static Stream<Arguments> refused() {
		String unknown = "': a token request may have \"aud\" (a string or an array of up to 5) and \"nonce\"";
		String notAnObject = "The request body must be a JSON object such as {\"aud\": \"sts.amazonaws.com\"}";
		String audShape = "aud must be a string or a non-empty array of strings";
		return Stream.of(Arguments.of("{", 400, "malformed-json", "The request body is not valid JSON"),
				Arguments.of("aud=sts", 400, "malformed-json", "The request body is not valid JSON"),
				Arguments.of("{\"aud\":\"x\"} trailing", 400, "malformed-json", "The request body is not valid JSON"),
				Arguments.of("[]", 400, "invalid-request", notAnObject),
				Arguments.of("\"sts\"", 400, "invalid-request", notAnObject),
				Arguments.of("null", 400, "invalid-request", notAnObject),
				Arguments.of("{\"aud\":\"x\",\"scope\":1}", 400, "invalid-request", "Unknown member 'scope" + unknown),
				Arguments.of("{\"Aud\":\"x\"}", 400, "invalid-request", "Unknown member 'Aud" + unknown),
				Arguments.of("{\"a\\u0000\\n\":1}", 400, "invalid-request", "Unknown member 'a??" + unknown),
				Arguments.of("{\"" + "m".repeat(70) + "\":1}", 400, "invalid-request",
						"Unknown member '" + "m".repeat(64) + "..." + unknown),
				Arguments.of("{\"aud\":[]}", 400, "invalid-audience", audShape),
				Arguments.of("{\"aud\":1}", 400, "invalid-audience", audShape),
				Arguments.of("{\"aud\":true}", 400, "invalid-audience", audShape),
				Arguments.of("{\"aud\":{\"a\":\"b\"}}", 400, "invalid-audience", audShape),
				Arguments.of("{\"aud\":[\"a\",1]}", 400, "invalid-audience", "each aud must be a string"),
				Arguments.of("{\"aud\":[\"a\",null]}", 400, "invalid-audience", "each aud must be a string"),
				Arguments.of("{\"aud\":[\"a\",[\"b\"]]}", 400, "invalid-audience", "each aud must be a string"),
				Arguments.of("{\"aud\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}", 400, "invalid-audience",
						"aud may name at most 5 audiences, got 6"),
				Arguments.of("{\"nonce\":12345678}", 400, "invalid-request", "nonce must be a string"),
				Arguments.of("{\"nonce\":[\"n-0123456\"]}", 400, "invalid-request", "nonce must be a string"),
				Arguments.of("{\"aud\":\"" + "a".repeat(MAX_BODY) + "\"}", 413, "payload-too-large",
						"The request body is larger than " + MAX_BODY + " bytes"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void postWhenBodyIsNotATokenRequestThenProblemAndNothingMinted(String body, int status, String type, String detail)
			throws Exception {
		MockHttpServletResponse response = send(post(body));

		assertThat(response.getStatus()).isEqualTo(status);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		JsonNode problem = JSON.readTree(response.getContentAsByteArray());
		assertThat(problem.get("type").asString()).isEqualTo("urn:sigil:problem:" + type);
		assertThat(problem.get("detail").asString()).isEqualTo(detail);
		verify(this.minter, never()).mintAsync(any(), anyList(), any(), anyString());
	}

	@Test
	void postWhenBodyIsJustWithinTheLimitThenRead() throws Exception {
		String body = "{\"aud\":\"" + "a".repeat(MAX_BODY - 10) + "\"}";
		assertThat(body).hasSize(MAX_BODY);

		assertThat(send(post(body)).getStatus()).isEqualTo(200);
	}

	@Test
	void getWhenAnyThenMethodNotAllowedNamingPost() throws Exception {
		MockHttpServletRequest request = post("");
		request.setMethod("GET");

		MockHttpServletResponse response = send(request);

		assertThat(response.getStatus()).isEqualTo(405);
		assertThat(response.getHeader("Allow")).isEqualTo("POST");
	}

	static Stream<Arguments> credentials() {
		return Stream.of(Arguments.of("none", null, "Bearer"), Arguments.of("basic", "Basic dXNlcjpwYXNz", "Bearer"),
				Arguments.of("bearer without credential", "Bearer ", "Bearer"),
				Arguments.of("unknown credential", "Bearer sigil_m_unknown", "Bearer error=\"invalid_token\""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("credentials")
	void postWhenNoValidCredentialThenUnauthenticatedAndBodyNotRead(String name, String authorization, String challenge)
			throws Exception {
		MockHttpServletRequest request = post("{not even json");
		request.removeHeader("Authorization");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}

		MockHttpServletResponse response = send(request);

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo(challenge);
		assertThat(JSON.readValue(response.getContentAsByteArray(), Map.class)).containsEntry("type",
				"urn:sigil:problem:unauthenticated");
	}

	@Test
	void postWhenSchemeInLowerCaseThenCredentialAccepted() throws Exception {
		MockHttpServletRequest request = post("{}");
		request.removeHeader("Authorization");
		request.addHeader("Authorization", "bearer " + SECRET);

		assertThat(send(request).getStatus()).isEqualTo(200);
	}

	@Test
	void postWhenCallerSentRequestIdThenEchoedElseANewOne() throws Exception {
		MockHttpServletRequest usable = post("");
		usable.addHeader(RequestIds.HEADER, "proxy-id-0001");
		MockHttpServletRequest injected = post("");
		injected.addHeader(RequestIds.HEADER, "proxy-id-0001\r\nX-Injected: 1");

		assertThat(send(usable).getHeader(RequestIds.HEADER)).isEqualTo("proxy-id-0001");
		assertThat(send(injected).getHeader(RequestIds.HEADER)).matches("[0-9a-f]{16}");
	}

}
