package dev.sigil.agent.token;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.sigil.agent.log.AgentLog;

/**
 * Drives the refreshers on one background thread: each refresh says how long to wait
 * before the next, and the loop schedules it. An unexpected error is logged and the
 * refresher tried again later: the loop never stops on its own.
 */
public final class RefreshLoop implements AutoCloseable {

	private static final Duration AFTER_UNEXPECTED_ERROR = Duration.ofSeconds(30);

	private final ScheduledExecutorService scheduler;

	private final AgentLog log;

	private RefreshLoop(ScheduledExecutorService scheduler, AgentLog log) {
		this.scheduler = scheduler;
		this.log = log;
	}

	/**
	 * Starts refreshing; each refresher's first refresh comes after the delay its first
	 * token asked for.
	 */
	public static RefreshLoop start(List<Scheduled> refreshers, AgentLog log) {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sigil-refresh");
			thread.setDaemon(true);
			return thread;
		});
		RefreshLoop loop = new RefreshLoop(scheduler, log);
		refreshers.forEach((scheduled) -> loop.schedule(scheduled.refresher(), scheduled.delay()));
		return loop;
	}

	private void schedule(TokenFileRefresher refresher, Duration delay) {
		try {
			this.scheduler.schedule(() -> run(refresher), delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed: the agent is stopping.
		}
	}

	private void run(TokenFileRefresher refresher) {
		Duration next;
		try {
			next = refresher.refresh();
		}
		catch (RuntimeException ex) {
			this.log.error("token refresh for " + refresher.file() + " failed unexpectedly: " + ex);
			next = AFTER_UNEXPECTED_ERROR;
		}
		schedule(refresher, next);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/** A refresher and the delay before its first refresh. */
	public record Scheduled(TokenFileRefresher refresher, Duration delay) {
	}

}
