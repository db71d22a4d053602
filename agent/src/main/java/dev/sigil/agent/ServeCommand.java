package dev.sigil.agent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import dev.sigil.agent.log.AgentLog;

/**
 * {@code serve}: gets the agent ready and keeps it so, with no child, until asked to stop
 * by SIGTERM, SIGINT or SIGHUP; then it removes its socket and exits with status 0.
 */
final class ServeCommand {

	private final AgentRuntime.Starter starter;

	private final AgentLog log;

	private final CountDownLatch stop = new CountDownLatch(1);

	private final AtomicReference<String> stopSignal = new AtomicReference<>();

	ServeCommand(AgentRuntime.Starter starter, AgentLog log) {
		this.starter = starter;
		this.log = log;
	}

	int execute() {
		Thread main = Thread.currentThread();
		Signals.handle((signal) -> {
			if (this.stopSignal.compareAndSet(null, signal)) {
				this.stop.countDown();
				main.interrupt();
			}
		});
		AgentRuntime runtime;
		try {
			runtime = this.starter.start();
		}
		catch (StartupException ex) {
			if (this.stopSignal.get() != null) {
				// The signal's interrupt cut the startup short: that is not the failure
				// to report.
				return stopped();
			}
			this.log.error(ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			return stopped();
		}
		try (runtime) {
			awaitStop();
		}
		return stopped();
	}

	private void awaitStop() {
		while (this.stop.getCount() > 0) {
			try {
				this.stop.await();
			}
			catch (InterruptedException ex) {
				// The signal handler wakes this thread in case it was still starting up.
			}
		}
	}

	private int stopped() {
		this.log.info("stopped by SIG" + this.stopSignal.get());
		return 0;
	}

}
