package dev.sigil.agent.platform;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sigil.agent.testsupport.FakePlatform;
import dev.sigil.agent.testsupport.TestTokens;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PlatformClientTests {

	private FakePlatform platform;

	private String credential;

	@BeforeEach
	void start() throws Exception {
		this.platform = FakePlatform.start();
		this.credential = this.platform.addMachine("web", "web-1");
	}

	@AfterEach
	void stop() {
		this.platform.close();
	}

	@Test
	void fetchWhenAudienceAskedThenTokenCarriesIt() throws Exception {
		MachineToken token = client(this.platform.url()).fetch(Optional.of("sts.amazonaws.com"));
		assertThat(TestTokens.claimsOf(token.value())).containsEntry("aud", "sts.amazonaws.com")
			.containsEntry("sub", "acme:web:web-1")
			.containsEntry("iss", this.platform.issuer());
		assertThat(token.machineName()).contains("web-1");
		assertThat(this.platform.requestedAudiences()).containsExactly("sts.amazonaws.com");
	}

	@Test
	void fetchWhenNoAudienceThenSendsNoBodyAndGetsIssuerAudience() throws Exception {
		MachineToken token = client(this.platform.url() + "/").fetch(Optional.empty());
		assertThat(TestTokens.claimsOf(token.value())).containsEntry("aud", this.platform.issuer());
		assertThat(this.platform.requestedAudiences()).containsExactly((String) null);
	}

	@Test
	void fetchWhenCredentialRevokedThenRefusedWithProblemKept() {
		this.platform.mode(FakePlatform.Mode.REVOKED);
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> client(this.platform.url()).fetch(Optional.empty()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(401);
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex.contentType()).isEqualTo("application/problem+json");
				assertThat(new String(ex.body(), StandardCharsets.UTF_8)).contains("urn:sigil:problem:unauthenticated");
				assertThat(ex.getMessage()).startsWith("HTTP 401 credential rejected: revoked")
					.doesNotContain(this.credential);
			});
	}

	@Test
	void fetchWhenPlatformDownThenTransientRefusal() {
		this.platform.mode(FakePlatform.Mode.OUTAGE);
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> client(this.platform.url()).fetch(Optional.empty()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.isTransient()).isTrue();
				assertThat(ex.getMessage()).isEqualTo("HTTP 503 platform unavailable (The database is not reachable)");
			});
	}

	@Test
	void fetchWhenNothingListensThenConnectionRefused() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		assertThatExceptionOfType(TokenException.class)
			.isThrownBy(() -> client("http://127.0.0.1:" + port).fetch(Optional.empty()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isZero();
				assertThat(ex.isTransient()).isTrue();
				assertThat(ex.getMessage()).isEqualTo("connection refused: http://127.0.0.1:" + port);
			});
	}

	private PlatformClient client(String url) {
		return new PlatformClient(URI.create(url), MachineCredential.of(this.credential), Clock.systemUTC());
	}

}
