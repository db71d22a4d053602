package dev.sigil.issuer.federation;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The parts of subject token verification that hold state: the fetcher with its
 * connection pool, the issuers' cached keys, the verifier; and the hourly purge of replay
 * records past their tokens' expiry.
 */
@Component
class FederationComponents implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(FederationComponents.class);

	private final IssuerFetcher fetcher;

	private final SubjectTokenVerifier verifier;

	private final ReplayGuard replay;

	private volatile ScheduledExecutorService purger;

	FederationComponents(FederationProperties properties, ReplayGuard replay, Clock clock) {
		IssuerAddresses addresses = new IssuerAddresses(properties.allowHttpIssuers());
		this.fetcher = new IssuerFetcher(properties, addresses);
		this.verifier = new SubjectTokenVerifier(new IssuerKeys(this.fetcher, properties), properties, clock);
		this.replay = replay;
		if (properties.allowHttpIssuers()) {
			logger.warn("SIGIL_FEDERATION_ALLOW_HTTP_ISSUERS=true: trust policies may name plain-http issuers and "
					+ "addresses inside the platform's network. For development and tests only.");
		}
	}

	SubjectTokenVerifier verifier() {
		return this.verifier;
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "sigil-federation-purge");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(() -> {
			try {
				int purged = this.replay.purge();
				if (purged > 0) {
					logger.debug("Forgot {} replay records of expired subject tokens", purged);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not purge expired replay records: {}", ex.getMessage());
			}
		}, 1, 60, TimeUnit.MINUTES);
		this.purger = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.purger;
		this.purger = null;
		if (executor != null) {
			executor.shutdownNow();
		}
		try {
			this.fetcher.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the issuer fetcher failed: {}", ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.purger != null;
	}

}
