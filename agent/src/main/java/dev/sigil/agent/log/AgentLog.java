package dev.sigil.agent.log;

import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The agent's log: one line per event on standard error, so that the workload's standard
 * output stays its own. Callers pass reasons and paths, never a credential or a token.
 */
public final class AgentLog {

	private final PrintStream out;

	private final Clock clock;

	public AgentLog(PrintStream out, Clock clock) {
		this.out = out;
		this.clock = clock;
	}

	public void info(String message) {
		write("INFO", message);
	}

	public void warn(String message) {
		write("WARN", message);
	}

	public void error(String message) {
		write("ERROR", message);
	}

	private void write(String level, String message) {
		String line = this.clock.instant().truncatedTo(ChronoUnit.SECONDS) + " sigil-agent " + level + " "
				+ message.replaceAll("[\\r\\n]+", " ");
		synchronized (this.out) {
			this.out.println(line);
			this.out.flush();
		}
	}

}
