package dev.sigil.agent.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sigil.agent.json.Json;
import dev.sigil.agent.testsupport.FakePlatform;
import dev.sigil.agent.testsupport.ProjectedServiceAccountToken;
import dev.sigil.agent.testsupport.TestTokens;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenExchangeClientTests {

	@TempDir
	Path dir;

	private FakePlatform platform;

	private ProjectedServiceAccountToken projected;

	private HttpServer stub;

	@BeforeEach
	void start() throws Exception {
		this.platform = FakePlatform.start();
		this.projected = ProjectedServiceAccountToken.create(this.dir.resolve("serviceaccount").resolve("token"),
				"web-7d9f4-x2x8q");
		this.platform.acceptSubjectToken(this.projected.current());
	}

	@AfterEach
	void stop() {
		this.platform.close();
		if (this.stub != null) {
			this.stub.stop(0);
		}
	}

	@Test
	void fetchWhenSubjectTokenAcceptedThenSendsTheContractsFormAndGetsMachineTokenForAudience() throws Exception {
		MachineToken token = client(FakePlatform.TRUST_POLICY, FakePlatform.ORG)
			.fetch(Optional.of("sts.amazonaws.com"));
		assertThat(TestTokens.claimsOf(token.value())).containsEntry("aud", "sts.amazonaws.com")
			.containsEntry("sub", "acme:web:web-7d9f4-x2x8q")
			.containsEntry("iss", this.platform.issuer());
		assertThat(token.machineName()).contains("web-7d9f4-x2x8q");
		assertThat(this.platform.exchanges()).singleElement()
			.isEqualTo(Map.of("grant_type", List.of("urn:ietf:params:oauth:grant-type:token-exchange"), "client_id",
					List.of("k8s-web"), "subject_token", List.of(this.projected.current()), "subject_token_type",
					List.of("urn:ietf:params:oauth:token-type:jwt"), "requested_token_type",
					List.of("urn:ietf:params:oauth:token-type:id_token"), "audience", List.of("sts.amazonaws.com")));
	}

	@Test
	void fetchWhenNoAudienceThenSendsNoneAndGetsIssuerAudience() throws Exception {
		MachineToken token = new TokenExchangeClient(URI.create(this.platform.url() + "/"),
				new TokenExchange(this.projected.file(), FakePlatform.TRUST_POLICY, FakePlatform.ORG),
				Clock.systemUTC())
			.fetch(Optional.empty());
		assertThat(TestTokens.claimsOf(token.value())).containsEntry("aud", this.platform.issuer());
		assertThat(this.platform.exchanges()).singleElement()
			.satisfies((form) -> assertThat(form).doesNotContainKey("audience"));
	}

	@Test
	void fetchWhenFileRotatedThenEachExchangeReadsItAgain() throws Exception {
		TokenExchangeClient client = client(FakePlatform.TRUST_POLICY, FakePlatform.ORG);
		String first = this.projected.current();
		client.fetch(Optional.empty());
		String second = this.projected.rotate();
		this.platform.acceptSubjectToken(second);
		client.fetch(Optional.empty());
		assertThat(this.platform.presentedSubjectTokens()).containsExactly(first, second);
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void fetchWhenSubjectTokenNoLongerAcceptedThenInvalidGrantQuotedAsAProblem() throws Exception {
		this.platform.acceptSubjectToken("another");
		String subjectToken = this.projected.current();
		assertThatExceptionOfType(TokenException.class)
			.isThrownBy(() -> client(FakePlatform.TRUST_POLICY, FakePlatform.ORG).fetch(Optional.empty()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(400);
				assertThat(ex.isTransient()).as("not until the file holds another token").isFalse();
				assertThat(ex.getMessage())
					.isEqualTo("HTTP 400 token exchange refused (invalid_grant: the subject token "
							+ "is not the service account's current token (expired, rotated or never issued))")
					.doesNotContain(subjectToken);
				assertThat(ex.contentType()).isEqualTo("application/problem+json");
				assertThat(Json.parseObject(new String(ex.body(), StandardCharsets.UTF_8)))
					.containsEntry("type", "urn:sigil:problem:token-exchange-refused")
					.containsEntry("title", "Token exchange refused")
					.containsEntry("error", "invalid_grant")
					.containsKey("error_description");
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					other   | acme  | HTTP 401 token exchange refused (invalid_client: no trust policy named 'other' in this org)
					k8s-web | other | HTTP 404 token exchange refused (invalid_request: No issuer at this path)
					""")
	void fetchWhenPolicyOrOrgUnknownThenPlatformsErrorQuoted(String policy, String org, String message) {
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> client(policy, org).fetch(Optional.empty()))
			.withMessage(message)
			.satisfies((ex) -> assertThat(ex.isTransient()).isFalse());
	}

	@Test
	void fetchWhenPlatformDownThenTransient() {
		this.platform.mode(FakePlatform.Mode.OUTAGE);
		assertThatExceptionOfType(TokenException.class)
			.isThrownBy(() -> client(FakePlatform.TRUST_POLICY, FakePlatform.ORG).fetch(Optional.empty()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.isTransient()).isTrue();
				assertThat(ex.getMessage()).isEqualTo(
						"HTTP 503 platform unavailable (temporarily_unavailable: The database is not reachable)");
				assertThat(new String(ex.body(), StandardCharsets.UTF_8))
					.contains("\"type\":\"urn:sigil:problem:platform-unavailable\"");
			});
	}

	@Test
	void fetchWhenSubjectTokenFileMissingOrEmptyThenTransientNamingFileAndNothingSent() throws Exception {
		Path file = this.projected.file();
		Files.delete(file);
		TokenExchangeClient client = client(FakePlatform.TRUST_POLICY, FakePlatform.ORG);
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> client.fetch(Optional.empty()))
			.withMessageStartingWith("cannot read the subject token file " + file)
			.satisfies((ex) -> assertThat(ex.isTransient()).isTrue());
		Files.writeString(file, "\n");
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> client.fetch(Optional.empty()))
			.withMessage("the subject token file " + file + " is empty");
		assertThat(this.platform.exchanges()).isEmpty();
	}

	@Test
	void fetchWhenNothingListensThenConnectionRefused() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		TokenExchangeClient client = new TokenExchangeClient(URI.create("http://127.0.0.1:" + port),
				new TokenExchange(this.projected.file(), FakePlatform.TRUST_POLICY, FakePlatform.ORG),
				Clock.systemUTC());
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> client.fetch(Optional.empty()))
			.withMessage("connection refused: http://127.0.0.1:" + port)
			.satisfies((ex) -> assertThat(ex.isTransient()).isTrue());
	}

	@Test
	void fetchWhenPlatformQuotesTheSubjectTokenThenItIsLeftOut() throws Exception {
		String subjectToken = this.projected.current();
		URI url = stub(400, "application/json",
				"{\"error\":\"invalid_grant\",\"error_description\":\"bad token " + subjectToken + "\"}");
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> client(url).fetch(Optional.empty()))
			.withMessage("HTTP 400 token exchange refused (invalid_grant: bad token [subject token])")
			.satisfies((ex) -> assertThat(new String(ex.body(), StandardCharsets.UTF_8)).doesNotContain(subjectToken));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					200 | application/json | {"access_token":"not-a-jwt","issued_token_type":"urn:ietf:params:oauth:token-type:id_token"} | the platform answered 200 without a usable token: not a compact JWT
					200 | application/json | {"issued_token_type":"urn:ietf:params:oauth:token-type:id_token"}                           | the platform answered 200 without an access_token
					200 | application/json | {"access_token":"sgt_x","issued_token_type":"urn:ietf:params:oauth:token-type:access_token"} | the platform issued a urn:ietf:params:oauth:token-type:access_token, not a machine token (urn:ietf:params:oauth:token-type:id_token): trust policy k8s-web grants something else
					200 | text/html        | <html>ok</html>                                                                              | the platform answered 200 without a usable token: Not valid JSON: expected a value at offset 0
					502 | text/html        | <html>bad gateway</html>                                                                     | HTTP 502 platform error
					404 | application/problem+json | {"type":"urn:sigil:problem:not-found","title":"Not found","status":404}              | HTTP 404 unexpected answer (Not found)
					""")
	void fetchWhenAnswerUnusableThenSaysWhyWithoutTheToken(int status, String contentType, String body, String message)
			throws Exception {
		URI url = stub(status, contentType, body);
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> client(url).fetch(Optional.empty()))
			.withMessage(message)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(this.projected.current()));
	}

	private TokenExchangeClient client(String policy, String org) {
		return new TokenExchangeClient(URI.create(this.platform.url()),
				new TokenExchange(this.projected.file(), policy, org), Clock.systemUTC());
	}

	private TokenExchangeClient client(URI url) {
		return new TokenExchangeClient(url,
				new TokenExchange(this.projected.file(), FakePlatform.TRUST_POLICY, FakePlatform.ORG),
				Clock.systemUTC());
	}

	/** A platform that answers every request the same. */
	private URI stub(int status, String contentType, String body) throws IOException {
		this.stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
		this.stub.createContext("/", (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", contentType);
				exchange.sendResponseHeaders(status, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		});
		this.stub.start();
		return URI.create("http://127.0.0.1:" + this.stub.getAddress().getPort());
	}

}
