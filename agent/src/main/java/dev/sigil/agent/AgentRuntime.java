package dev.sigil.agent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import dev.sigil.agent.log.AgentLog;
import dev.sigil.agent.socket.TokenEndpoint;
import dev.sigil.agent.socket.TokenSocketServer;
import dev.sigil.agent.token.Backoff;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.RefreshLoop;
import dev.sigil.agent.token.RefreshPolicy;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenFile;
import dev.sigil.agent.token.TokenFileRefresher;
import dev.sigil.agent.token.TokenSource;

/**
 * What {@code run} and {@code serve} share: the token files, written before anything else
 * and kept fresh afterwards, and the socket. Closing it stops the refreshes and removes
 * the socket file; the token files stay, so that a workload that outlives the agent keeps
 * its last token until it expires.
 */
final class AgentRuntime implements AutoCloseable {

	private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	private static final Duration MAX_RETRY = Duration.ofSeconds(30);

	private final List<TokenFileRefresher> refreshers;

	private final TokenSocketServer socket;

	private final RefreshLoop loop;

	private AgentRuntime(List<TokenFileRefresher> refreshers, TokenSocketServer socket, RefreshLoop loop) {
		this.refreshers = refreshers;
		this.socket = socket;
		this.loop = loop;
	}

	static AgentRuntime start(AgentSettings settings, TokenSource platform, Clock clock, RandomGenerator random,
			AgentLog log) throws StartupException, InterruptedException {
		RefreshPolicy policy = settings.refreshInterval()
			.map(RefreshPolicy::every)
			.orElseGet(() -> RefreshPolicy.halfLife(random));
		List<TokenFileRefresher> refreshers = new ArrayList<>();
		refreshers.add(new TokenFileRefresher(platform, settings.tokenAudience(), new TokenFile(settings.tokenFile()),
				policy, new Backoff(FIRST_RETRY, MAX_RETRY, random), clock, log));
		settings.azureTokenFile()
			.ifPresent(
					(file) -> refreshers.add(new TokenFileRefresher(platform, Optional.of(AgentSettings.AZURE_AUDIENCE),
							new TokenFile(file), policy, new Backoff(FIRST_RETRY, MAX_RETRY, random), clock, log)));
		List<RefreshLoop.Scheduled> scheduled = new ArrayList<>();
		for (TokenFileRefresher refresher : refreshers) {
			scheduled.add(new RefreshLoop.Scheduled(refresher, first(refresher, settings, policy, log)));
		}
		TokenSocketServer socket;
		try {
			socket = TokenSocketServer.start(settings.socket(), new TokenEndpoint(platform), log);
		}
		catch (IOException ex) {
			throw new StartupException("cannot serve the socket " + settings.socket() + " ("
					+ AgentDirectories.reason(ex) + "): set " + AgentSettings.SOCKET + " to choose another path", ex);
		}
		log.info("serving POST /v1/tokens/oidc on " + socket.path());
		return new AgentRuntime(List.copyOf(refreshers), socket, RefreshLoop.start(scheduled, log));
	}

	private static Duration first(TokenFileRefresher refresher, AgentSettings settings, RefreshPolicy policy,
			AgentLog log) throws StartupException, InterruptedException {
		Duration next;
		try {
			next = refresher.first(settings.startupTimeout(), (delay) -> Thread.sleep(delay.toMillis()));
		}
		catch (TokenException ex) {
			throw new StartupException("no token for " + refresher.file() + ": " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new StartupException(
					"cannot write the token file " + refresher.file() + " (" + AgentDirectories.reason(ex) + ")", ex);
		}
		MachineToken token = refresher.current();
		if (policy.outlives(token.lifetime())) {
			log.warn(AgentSettings.REFRESH_INTERVAL + " is not shorter than the tokens' lifetime of "
					+ token.lifetime().toSeconds() + "s: " + refresher.file() + " will hold expired tokens");
		}
		log.info("wrote " + refresher.file() + " (valid until " + token.localExpiry().truncatedTo(ChronoUnit.SECONDS)
				+ "), next refresh in " + next.toSeconds() + "s");
		return next;
	}

	/** The token last written to the main token file. */
	MachineToken token() {
		return this.refreshers.get(0).current();
	}

	@Override
	public void close() {
		this.loop.close();
		this.socket.close();
	}

	/** Starts the runtime once the command has taken over the signals. */
	@FunctionalInterface
	interface Starter {

		AgentRuntime start() throws StartupException, InterruptedException;

	}

}
