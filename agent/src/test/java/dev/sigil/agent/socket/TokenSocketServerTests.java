package dev.sigil.agent.socket;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sigil.agent.log.AgentLog;
import dev.sigil.agent.testsupport.TestTokens;
import dev.sigil.agent.testsupport.UnixHttp;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class TokenSocketServerTests {

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	@TempDir
	Path dir;

	private final TokenEndpoint endpoint = new TokenEndpoint((audience) -> MachineToken
		.parse(TestTokens.issued(NOW, Duration.ofMinutes(10)).claim("aud", audience.orElse("issuer")).compact(), NOW));

	private final AgentLog log = new AgentLog(
			new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC());

	@Test
	void startWhenDirectoryMissingThenCreatesItAndSocketIsGroupOnly() throws Exception {
		Path socket = this.dir.resolve("run/sigil/api");
		try (TokenSocketServer server = TokenSocketServer.start(socket, this.endpoint, this.log)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
			try (var files = Files.list(socket.getParent())) {
				assertThat(files).as("nothing left from binding").containsExactly(socket);
			}
			UnixHttp.Response response = UnixHttp.post(socket, "{\"aud\":\"vault\"}");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.headers()).containsEntry("cache-control", "no-store")
				.containsEntry("content-type", "text/plain");
			assertThat(TestTokens.claimsOf(response.body())).containsEntry("aud", "vault");
		}
		assertThat(socket).doesNotExist();
	}

	@Test
	void startWhenStaleSocketLeftBehindThenReplacesIt() throws Exception {
		Path socket = this.dir.resolve("api");
		try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			crashed.bind(UnixDomainSocketAddress.of(socket));
		}
		assertThat(socket).exists();
		try (TokenSocketServer server = TokenSocketServer.start(socket, this.endpoint, this.log)) {
			assertThat(UnixHttp.post(socket, null).status()).isEqualTo(200);
		}
	}

	@Test
	void startWhenAnotherAgentServesSocketThenRefuses() throws Exception {
		Path socket = this.dir.resolve("api");
		try (TokenSocketServer first = TokenSocketServer.start(socket, this.endpoint, this.log)) {
			assertThatIOException().isThrownBy(() -> TokenSocketServer.start(socket, this.endpoint, this.log))
				.withMessageContaining("another process already serves " + socket);
			assertThat(UnixHttp.post(socket, null).status()).isEqualTo(200);
		}
	}

	@Test
	void startWhenPathIsRegularFileThenRefusesToRemoveIt() throws Exception {
		Path socket = this.dir.resolve("api");
		Files.writeString(socket, "not a socket");
		assertThatIOException().isThrownBy(() -> TokenSocketServer.start(socket, this.endpoint, this.log))
			.withMessageContaining("is not a socket");
		assertThat(socket).hasContent("not a socket");
	}

	@Test
	void serveWhenOtherPathOrMethodThen404Or405() throws Exception {
		Path socket = this.dir.resolve("api");
		try (TokenSocketServer server = TokenSocketServer.start(socket, this.endpoint, this.log)) {
			assertThat(UnixHttp.exchange(socket, "GET", "/v1/tokens/oidc", null).status()).isEqualTo(405);
			assertThat(UnixHttp.exchange(socket, "POST", "/metrics", "{}").status()).isEqualTo(404);
		}
	}

	@Test
	void fetchWhenSocketTokenSourceAsksThenGetsTokenOrRelayedRefusal() throws Exception {
		Path socket = this.dir.resolve("api");
		try (TokenSocketServer server = TokenSocketServer.start(socket, this.endpoint, this.log)) {
			MachineToken token = new SocketTokenSource(socket, Clock.systemUTC())
				.fetch(Optional.of("a \"quoted\" aud"));
			assertThat(TestTokens.claimsOf(token.value())).containsEntry("aud", "a \"quoted\" aud");
		}
		TokenEndpoint refusing = new TokenEndpoint((audience) -> {
			throw TokenException.refused(401, "application/problem+json", "{\"detail\":\"revoked\"}".getBytes());
		});
		try (TokenSocketServer server = TokenSocketServer.start(socket, refusing, this.log)) {
			assertThatExceptionOfType(TokenException.class)
				.isThrownBy(() -> new SocketTokenSource(socket, Clock.systemUTC()).fetch(Optional.empty()))
				.satisfies((ex) -> assertThat(ex.getMessage())
					.isEqualTo("HTTP 401 credential rejected: revoked, replaced or unknown (revoked)"));
		}
	}

	@Test
	void fetchWhenNoAgentServesSocketThenUnreachable() {
		Path socket = this.dir.resolve("api");
		assertThatExceptionOfType(TokenException.class)
			.isThrownBy(() -> new SocketTokenSource(socket, Clock.systemUTC()).fetch(Optional.empty()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isZero();
				assertThat(ex.getMessage()).startsWith("cannot reach the agent at " + socket);
			});
	}

}
