package dev.sigil.agent;

/**
 * A command line or an environment the agent cannot work with; the message says what to
 * change.
 */
final class UsageException extends Exception {

	private static final long serialVersionUID = 1L;

	private final boolean showUsage;

	private UsageException(String message, boolean showUsage) {
		super(message);
		this.showUsage = showUsage;
	}

	/** A bad command line: the usage is printed after the message. */
	static UsageException commandLine(String message) {
		return new UsageException(message, true);
	}

	/** A missing or bad environment variable, named in the message. */
	static UsageException environment(String message) {
		return new UsageException(message, false);
	}

	boolean showUsage() {
		return this.showUsage;
	}

}
