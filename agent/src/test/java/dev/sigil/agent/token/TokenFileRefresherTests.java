package dev.sigil.agent.token;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sigil.agent.log.AgentLog;
import dev.sigil.agent.testsupport.MutableClock;
import dev.sigil.agent.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenFileRefresherTests {

	private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

	private static final String CREDENTIAL = "sgm_never-in-a-log";

	@TempDir
	Path dir;

	private final MutableClock clock = new MutableClock(START);

	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

	private final ScriptedSource source = new ScriptedSource();

	@Test
	void refreshWhenTokenIssuedThenWritesItAndWaitsPolicyInterval() throws Exception {
		this.source.answer(token("one"));
		TokenFileRefresher refresher = refresher(RefreshPolicy.every(Duration.ofMinutes(9)));
		assertThat(refresher.refresh()).isEqualTo(Duration.ofMinutes(9));
		assertThat(file()).hasContent(token("one"));
		assertThat(this.source.audiences).containsExactly(Optional.of("sts.amazonaws.com"));
	}

	@Test
	void refreshWhenPlatformDownThenKeepsValidTokenAndBacksOff() throws Exception {
		this.source.answer(token("one"));
		TokenFileRefresher refresher = refresher(RefreshPolicy.every(Duration.ofMinutes(5)));
		refresher.refresh();
		this.clock.advance(Duration.ofMinutes(5));
		this.source.fail(TokenException.refused(503, "application/problem+json",
				"{\"title\":\"Database unavailable\"}".getBytes(StandardCharsets.UTF_8)));
		this.source.fail(TokenException.unreachable("connection refused: http://sigil:8081", null));
		Duration first = refresher.refresh();
		Duration second = refresher.refresh();
		assertThat(first).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
		assertThat(second).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
		assertThat(file()).hasContent(token("one"));
		assertThat(log())
			.contains("failed: HTTP 503 platform unavailable (Database unavailable)",
					"failed: connection refused: http://sigil:8081", "stays valid until 2030-01-01T10:10:00Z")
			.doesNotContain(CREDENTIAL, token("one"));
	}

	@Test
	void refreshWhenPlatformBackThenReplacesTokenAndSaysItRecovered() throws Exception {
		this.source.answer(token("one"));
		TokenFileRefresher refresher = refresher(RefreshPolicy.every(Duration.ofMinutes(5)));
		refresher.refresh();
		this.source.fail(TokenException.unreachable("connection refused: http://sigil:8081", null));
		this.source.answer(token("two"));
		refresher.refresh();
		assertThat(refresher.refresh()).isEqualTo(Duration.ofMinutes(5));
		assertThat(file()).hasContent(token("two"));
		assertThat(log()).contains("recovered after 1 failed attempts");
	}

	@Test
	void refreshWhenTokenExpiredMeanwhileThenSaysSo() throws Exception {
		this.source.answer(token("one"));
		TokenFileRefresher refresher = refresher(RefreshPolicy.every(Duration.ofMinutes(5)));
		refresher.refresh();
		this.clock.advance(Duration.ofMinutes(11));
		this.source.fail(TokenException.refused(401, null, new byte[0]));
		refresher.refresh();
		assertThat(log()).contains("credential rejected: revoked",
				"the token in place expired at 2030-01-01T10:10:00Z");
		assertThat(file()).hasContent(token("one"));
	}

	@Test
	void firstWhenPlatformUnavailableForAWhileThenRetriesUntilItAnswers() throws Exception {
		this.source.fail(TokenException.unreachable("connection refused: http://sigil:8081", null));
		this.source.fail(TokenException.refused(503, null, new byte[0]));
		this.source.answer(token("one"));
		TokenFileRefresher refresher = refresher(RefreshPolicy.every(Duration.ofMinutes(5)));
		List<Duration> slept = new ArrayList<>();
		Duration next = refresher.first(Duration.ofSeconds(30), (delay) -> {
			slept.add(delay);
			this.clock.advance(delay);
		});
		assertThat(next).isEqualTo(Duration.ofMinutes(5));
		assertThat(slept).hasSize(2);
		assertThat(file()).hasContent(token("one"));
		assertThat(refresher.current().value()).isEqualTo(token("one"));
	}

	@Test
	void firstWhenCredentialRevokedThenFailsAtOnce() throws Exception {
		this.source.fail(TokenException.refused(401, null, new byte[0]));
		TokenFileRefresher refresher = refresher(RefreshPolicy.every(Duration.ofMinutes(5)));
		assertThatExceptionOfType(TokenException.class)
			.isThrownBy(() -> refresher.first(Duration.ofSeconds(30), (delay) -> {
				throw new AssertionError("must not retry a refusal");
			}))
			.withMessageContaining("401");
		assertThat(file()).doesNotExist();
	}

	@Test
	void firstWhenPlatformStaysDownPastPatienceThenFails() {
		for (int i = 0; i < 20; i++) {
			this.source.fail(TokenException.unreachable("connection refused: http://sigil:8081", null));
		}
		TokenFileRefresher refresher = refresher(RefreshPolicy.every(Duration.ofMinutes(5)));
		assertThatExceptionOfType(TokenException.class)
			.isThrownBy(() -> refresher.first(Duration.ofSeconds(10), this.clock::advance))
			.withMessageContaining("connection refused");
		assertThat(this.clock.instant()).isBefore(START.plusSeconds(10));
	}

	private TokenFileRefresher refresher(RefreshPolicy policy) {
		return new TokenFileRefresher(this.source, Optional.of("sts.amazonaws.com"), new TokenFile(file()), policy,
				new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(5)), this.clock,
				new AgentLog(new PrintStream(this.logged, true, StandardCharsets.UTF_8), this.clock));
	}

	private Path file() {
		return this.dir.resolve("oidc_token");
	}

	private String log() {
		return this.logged.toString(StandardCharsets.UTF_8);
	}

	private static String token(String jti) {
		return TestTokens.issued(START, Duration.ofMinutes(10)).claim("jti", jti).compact();
	}

	/** Answers fetches in the order given; records the audiences asked for. */
	private final class ScriptedSource implements TokenSource {

		private final Deque<Object> script = new ArrayDeque<>();

		private final List<Optional<String>> audiences = new ArrayList<>();

		void answer(String token) {
			this.script.add(token);
		}

		void fail(TokenException ex) {
			this.script.add(ex);
		}

		@Override
		public MachineToken fetch(Optional<String> audience) throws TokenException {
			this.audiences.add(audience);
			Object next = this.script.remove();
			if (next instanceof TokenException ex) {
				throw ex;
			}
			return MachineToken.parse((String) next, TokenFileRefresherTests.this.clock.instant());
		}

	}

}
