package dev.sigil.agent;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.sigil.agent.child.ChildEnvironment;
import dev.sigil.agent.child.ChildProcess;
import dev.sigil.agent.log.AgentLog;

/**
 * {@code run -- CMD}: gets the agent ready, starts the workload as a child with the
 * environment the cloud SDKs need, passes stop and reload signals on to it, and exits
 * with its status. A signal that comes before the child exists stops the agent instead.
 */
final class RunCommand {

	/** What shells answer when a command cannot be run. */
	static final int CANNOT_START = 127;

	private final AgentSettings settings;

	private final List<String> command;

	private final Map<String, String> environment;

	private final AgentRuntime.Starter starter;

	private final AgentLog log;

	private final AtomicReference<ChildProcess> child = new AtomicReference<>();

	private final AtomicReference<String> pendingSignal = new AtomicReference<>();

	RunCommand(AgentSettings settings, List<String> command, Map<String, String> environment,
			AgentRuntime.Starter starter, AgentLog log) {
		this.settings = settings;
		this.command = command;
		this.environment = environment;
		this.starter = starter;
		this.log = log;
	}

	int execute() {
		Thread main = Thread.currentThread();
		Signals.handle((signal) -> {
			ChildProcess started = this.child.get();
			if (started != null) {
				started.signal(signal);
			}
			else if (this.pendingSignal.compareAndSet(null, signal)) {
				main.interrupt();
			}
		});
		AgentRuntime runtime;
		try {
			runtime = this.starter.start();
		}
		catch (StartupException ex) {
			if (this.pendingSignal.get() != null) {
				// The signal's interrupt cut the startup short: that is not the failure
				// to report.
				return stoppedBefore();
			}
			this.log.error(ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			return stoppedBefore();
		}
		try (runtime) {
			return runChild(runtime);
		}
	}

	private int runChild(AgentRuntime runtime) {
		if (this.pendingSignal.get() != null) {
			return stoppedBefore();
		}
		Map<String, String> childEnvironment = ChildEnvironment.of(this.environment, this.settings.tokenFile(),
				this.settings.azureTokenFile(), runtime.token().machineName());
		this.settings.socketForChild()
			.ifPresent((socket) -> childEnvironment.put(AgentSettings.SOCKET, socket.toString()));
		ChildProcess started;
		try {
			started = ChildProcess.start(this.command, childEnvironment, this.log);
		}
		catch (IOException ex) {
			this.log.error("cannot start " + this.command.get(0) + ": " + ex.getMessage());
			return CANNOT_START;
		}
		this.child.set(started);
		String early = this.pendingSignal.getAndSet(null);
		if (early != null) {
			started.signal(early);
		}
		return waitFor(started);
	}

	private static int waitFor(ChildProcess started) {
		while (true) {
			try {
				return started.waitFor();
			}
			catch (InterruptedException ex) {
				// A signal that came just before the child was known; it has been passed
				// on since.
			}
		}
	}

	private int stoppedBefore() {
		String signal = this.pendingSignal.get();
		this.log.info("stopped by SIG" + signal + " before the command started");
		return Signals.exitStatus(signal);
	}

}
