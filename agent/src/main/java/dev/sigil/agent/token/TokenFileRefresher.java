package dev.sigil.agent.token;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

import dev.sigil.agent.log.AgentLog;

/**
 * Keeps one token file fresh: fetches a token for the file's audience and writes it. A
 * failed attempt leaves the file as it was, so a still-valid token stays in place, and
 * asks to be retried after a backoff; {@link RefreshPolicy} says when a written token is
 * due. Not thread-safe: one task drives it.
 */
public final class TokenFileRefresher {

	private final TokenSource source;

	private final Optional<String> audience;

	private final TokenFile file;

	private final RefreshPolicy policy;

	private final Backoff backoff;

	private final Clock clock;

	private final AgentLog log;

	private volatile MachineToken current;

	public TokenFileRefresher(TokenSource source, Optional<String> audience, TokenFile file, RefreshPolicy policy,
			Backoff backoff, Clock clock, AgentLog log) {
		this.source = source;
		this.audience = audience;
		this.file = file;
		this.policy = policy;
		this.backoff = backoff;
		this.clock = clock;
		this.log = log;
	}

	/**
	 * Writes the first token, retrying while the platform is unreachable or unavailable
	 * for at most {@code patience}; a refusal such as a revoked credential fails at once.
	 * @return the delay before the next refresh
	 */
	public Duration first(Duration patience, Sleeper sleeper) throws TokenException, IOException, InterruptedException {
		Instant deadline = this.clock.instant().plus(patience);
		while (true) {
			try {
				return written(this.source.fetch(this.audience));
			}
			catch (TokenException ex) {
				Duration retry = this.backoff.next();
				if (!ex.isTransient() || this.clock.instant().plus(retry).isAfter(deadline)) {
					throw ex;
				}
				this.log
					.warn("no token yet for " + this.file + ": " + ex.getMessage() + "; retrying in " + seconds(retry));
				sleeper.sleep(retry);
			}
		}
	}

	/**
	 * Replaces the token in the file, or leaves the file alone when no token can be had.
	 * @return the delay before the next attempt: the policy's after a success, a backoff
	 * after a failure
	 */
	public Duration refresh() {
		try {
			int failures = this.backoff.failures();
			Duration next = written(this.source.fetch(this.audience));
			if (failures > 0) {
				this.log.info("token refresh for " + this.file + " recovered after " + failures
						+ " failed attempts; next in " + seconds(next));
			}
			return next;
		}
		catch (TokenException ex) {
			return failed(ex.getMessage());
		}
		catch (IOException ex) {
			return failed("cannot write the file: " + ex);
		}
	}

	/** The token last written, or null before the first. */
	public MachineToken current() {
		return this.current;
	}

	public TokenFile file() {
		return this.file;
	}

	private Duration written(MachineToken token) throws IOException {
		this.file.write(token.value());
		this.current = token;
		this.backoff.reset();
		return this.policy.delay(token);
	}

	private Duration failed(String reason) {
		Duration retry = this.backoff.next();
		this.log.warn("token refresh for " + this.file + " failed: " + reason + "; retrying in " + seconds(retry) + "; "
				+ validity());
		return retry;
	}

	private String validity() {
		MachineToken token = this.current;
		if (token == null) {
			return "no token written yet";
		}
		Instant expiry = token.localExpiry().truncatedTo(ChronoUnit.SECONDS);
		return (expiry.isAfter(this.clock.instant())) ? "the token in place stays valid until " + expiry
				: "the token in place expired at " + expiry;
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
	}

	/** Waits between first attempts; tests pass one that moves their clock instead. */
	@FunctionalInterface
	public interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

}
