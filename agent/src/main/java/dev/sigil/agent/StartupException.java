package dev.sigil.agent;

/**
 * The agent could not get ready: no first token, no token file or no socket; the message
 * says why.
 */
final class StartupException extends Exception {

	private static final long serialVersionUID = 1L;

	StartupException(String message, Throwable cause) {
		super(message, cause);
	}

}
