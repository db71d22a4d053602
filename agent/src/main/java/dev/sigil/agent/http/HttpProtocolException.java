package dev.sigil.agent.http;

/**
 * A message that this minimal HTTP/1.1 cannot or will not read, with the status to answer
 * it with.
 */
public final class HttpProtocolException extends Exception {

	private static final long serialVersionUID = 1L;

	private final int status;

	public HttpProtocolException(int status, String message) {
		super(message);
		this.status = status;
	}

	public int status() {
		return this.status;
	}

}
