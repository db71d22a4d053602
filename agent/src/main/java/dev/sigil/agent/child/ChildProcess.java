package dev.sigil.agent.child;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sigil.agent.log.AgentLog;

/**
 * The workload, started as the agent's child with the agent's standard streams. The JDK
 * sends only SIGTERM and SIGKILL itself; other signals go through the system's
 * {@code kill} command.
 */
public final class ChildProcess {

	private static final long KILL_COMMAND_TIMEOUT_SECONDS = 5;

	private final Process process;

	private final AgentLog log;

	private ChildProcess(Process process, AgentLog log) {
		this.process = process;
		this.log = log;
	}

	/** Starts the command with exactly the given environment. */
	public static ChildProcess start(List<String> command, Map<String, String> environment, AgentLog log)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
		builder.environment().clear();
		builder.environment().putAll(environment);
		return new ChildProcess(builder.start(), log);
	}

	public long pid() {
		return this.process.pid();
	}

	/** Sends the child a signal by name ({@code TERM}, {@code INT}, {@code HUP}...). */
	public void signal(String name) {
		if (!this.process.isAlive()) {
			return;
		}
		if ("TERM".equals(name)) {
			this.process.destroy();
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(this.process.pid()))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!kill.waitFor(KILL_COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				this.log.warn("could not forward SIG" + name + " to the child (pid " + pid() + ")");
			}
		}
		catch (IOException ex) {
			this.log.warn("could not forward SIG" + name + " to the child: no kill command (" + ex.getMessage() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits for the child to end.
	 * @return its exit status, or 128 plus the signal's number when a signal ended it, as
	 * shells report it
	 */
	public int waitFor() throws InterruptedException {
		return this.process.waitFor();
	}

}
