package dev.sigil.agent.platform;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.sigil.agent.testsupport.FakePlatform;
import dev.sigil.agent.testsupport.PlatformWithMachine;
import dev.sigil.agent.testsupport.TestTokens;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PlatformClientTests {

	@RegisterExtension
	final PlatformWithMachine fake = new PlatformWithMachine();

	@Test
	void fetchWhenAudienceAskedThenTokenCarriesIt() throws Exception {
		MachineToken token = client(this.fake.platform().url()).fetch(Optional.of("sts.amazonaws.com"));
		assertThat(TestTokens.claimsOf(token.value())).containsEntry("aud", "sts.amazonaws.com")
			.containsEntry("sub", "acme:web:web-1")
			.containsEntry("iss", this.fake.platform().issuer());
		assertThat(token.machineName()).contains("web-1");
		assertThat(this.fake.platform().requestedAudiences()).containsExactly("sts.amazonaws.com");
	}

	@Test
	void fetchWhenNoAudienceThenSendsNoBodyAndGetsIssuerAudience() throws Exception {
		MachineToken token = client(this.fake.platform().url() + "/").fetch(Optional.empty());
		assertThat(TestTokens.claimsOf(token.value())).containsEntry("aud", this.fake.platform().issuer());
		assertThat(this.fake.platform().requestedAudiences()).containsExactly((String) null);
	}

	@Test
	void fetchWhenCredentialRevokedThenRefusedWithProblemKept() {
		this.fake.platform().mode(FakePlatform.Mode.REVOKED);
		assertThatExceptionOfType(TokenException.class)
			.isThrownBy(() -> client(this.fake.platform().url()).fetch(Optional.empty()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(401);
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex.contentType()).isEqualTo("application/problem+json");
				assertThat(new String(ex.body(), StandardCharsets.UTF_8)).contains("urn:sigil:problem:unauthenticated");
				assertThat(ex.getMessage()).startsWith("HTTP 401 credential rejected: revoked")
					.doesNotContain(this.fake.credential());
			});
	}

	@Test
	void fetchWhenPlatformDownThenTransientRefusal() {
		this.fake.platform().mode(FakePlatform.Mode.OUTAGE);
		assertThatExceptionOfType(TokenException.class)
			.isThrownBy(() -> client(this.fake.platform().url()).fetch(Optional.empty()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.isTransient()).isTrue();
				assertThat(ex.getMessage()).isEqualTo("HTTP 503 platform unavailable (The database is not reachable)");
			});
	}

	@Test
	void fetchWhenUrlIsThePublicPortThenSaysToUseTheInternalOne() {
		this.fake.platform().mode(FakePlatform.Mode.PUBLIC_PORT);
		assertThatExceptionOfType(TokenException.class)
			.isThrownBy(() -> client(this.fake.platform().url() + "/").fetch(Optional.empty()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex.getMessage()).isEqualTo("SIGIL_URL " + this.fake.platform().url()
						+ " answered 404 for /v1/tokens/oidc: is it the internal port (8081 by default), not the public "
						+ "(8080) or admin (8082) one?");
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
		return new PlatformClient(URI.create(url), MachineCredential.of(this.fake.credential()), Clock.systemUTC());
	}

}
