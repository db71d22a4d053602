package dev.sigil.agent;

import java.util.List;
import java.util.function.Consumer;

import sun.misc.Signal;

/**
 * Takes over the signals that ask a process to stop or reload, which the JVM would
 * otherwise answer by exiting: the agent passes them to its child, or stops cleanly.
 */
final class Signals {

	static final List<String> HANDLED = List.of("TERM", "INT", "HUP");

	private Signals() {
	}

	/**
	 * Calls the handler, on a thread of the JVM's, with the name of each signal received.
	 */
	static void handle(Consumer<String> handler) {
		for (String name : HANDLED) {
			try {
				Signal.handle(new Signal(name), (signal) -> handler.accept(signal.getName()));
			}
			catch (IllegalArgumentException ex) {
				// Ignored by whoever started the agent, or reserved by the JVM: leave it
				// as it is.
			}
		}
	}

	/**
	 * The status a shell reports for a process that a signal ended: 128 plus its number.
	 */
	static int exitStatus(String name) {
		return 128 + new Signal(name).getNumber();
	}

}
