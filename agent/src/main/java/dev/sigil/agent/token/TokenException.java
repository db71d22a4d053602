package dev.sigil.agent.token;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.sigil.agent.json.Json;

/**
 * A token could not be had: either the platform answered with an error (kept whole, so that the local
 * socket can relay it), or no answer came. The message is one line that says why, fit for a log: it
 * never holds the credential.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457: problem details</a>
 */
public final class TokenException extends Exception {

	private static final long serialVersionUID = 1L;

	private static final int MAX_DETAIL = 200;

	private final int status;

	private final String contentType;

	private final transient byte[] body;

	private TokenException(String message, int status, String contentType, byte[] body, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.contentType = contentType;
		this.body = body;
	}

	/** No answer: the platform (or the agent's socket) could not be reached or said nothing usable. */
	public static TokenException unreachable(String reason, Throwable cause) {
		return new TokenException(reason, 0, null, new byte[0], cause);
	}

	/** The platform refused with an HTTP error, usually an RFC 9457 problem. */
	public static TokenException refused(int status, String contentType, byte[] body) {
		return new TokenException(describe(status, body), status, contentType, body.clone(), null);
	}

	/** The HTTP status of the refusal, or 0 when there was no answer. */
	public int status() {
		return this.status;
	}

	/** The content type of the refusal, or null. */
	public String contentType() {
		return this.contentType;
	}

	/** The body of the refusal, empty when there was no answer. */
	public byte[] body() {
		return this.body.clone();
	}

	/** Whether trying again later may succeed: no answer, the platform busy or down. */
	public boolean isTransient() {
		return this.status == 0 || this.status == 429 || this.status >= 500;
	}

	private static String describe(int status, byte[] body) {
		String meaning = switch (status) {
			case 400 -> "request refused (bad request)";
			case 401 -> "credential rejected: revoked, replaced or unknown";
			case 403 -> "forbidden";
			case 413 -> "request refused (body too large)";
			case 429 -> "too many requests";
			case 503 -> "platform unavailable";
			default -> (status >= 500) ? "platform error" : "unexpected answer";
		};
		return "HTTP " + status + " " + meaning + problemDetail(body);
	}

	private static String problemDetail(byte[] body) {
		try {
			Map<String, Object> problem = Json.parseObject(new String(body, StandardCharsets.UTF_8));
			Object detail = problem.getOrDefault("detail", problem.get("title"));
			if (!(detail instanceof String text) || text.isBlank()) {
				return "";
			}
			String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
			return " (" + ((line.length() > MAX_DETAIL) ? line.substring(0, MAX_DETAIL) + "..." : line) + ")";
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

}
