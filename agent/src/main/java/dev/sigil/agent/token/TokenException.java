package dev.sigil.agent.token;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.sigil.agent.json.Json;

/**
 * A token could not be had: either the platform answered with an error (kept whole, so
 * that the local socket can relay it), or no answer came. The message is one line that
 * says why, fit for a log: it never holds the credential, a subject token or a token.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457: problem details</a>
 */
public final class TokenException extends Exception {

	private static final long serialVersionUID = 1L;

	private static final int MAX_DETAIL = 200;

	private static final String PROBLEM_TYPE_PREFIX = "urn:sigil:problem:";

	private static final String PROBLEM_CONTENT_TYPE = "application/problem+json";

	/** The problem of a token exchange that the platform refused. */
	private static final String EXCHANGE_REFUSED = "token-exchange-refused";

	private final int status;

	private final String contentType;

	private final transient byte[] body;

	private TokenException(String message, int status, String contentType, byte[] body, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.contentType = contentType;
		this.body = body;
	}

	/**
	 * No answer: the platform (or the agent's socket) could not be reached or said
	 * nothing usable.
	 */
	public static TokenException unreachable(String reason, Throwable cause) {
		return new TokenException(reason, 0, null, new byte[0], cause);
	}

	/** The platform refused with an HTTP error, usually an RFC 9457 problem. */
	public static TokenException refused(int status, String contentType, byte[] body) {
		return new TokenException(describe(status, body), status, contentType, body.clone(), null);
	}

	/**
	 * The platform refused with an HTTP error that the caller can explain better than the
	 * status can, kept whole like any other refusal.
	 * @param reason one line that says why, without a credential or a token
	 */
	public static TokenException refused(int status, String contentType, byte[] body, String reason) {
		return new TokenException(reason, status, contentType, body.clone(), null);
	}

	/**
	 * The platform's token endpoint answered a token exchange with an OAuth error (RFC
	 * 6749, section 5.2). It is kept as an RFC 9457 problem,
	 * {@code urn:sigil:problem:token-exchange-refused} for a 4xx, whose detail quotes the
	 * error and its description and which carries both as extension members: the socket
	 * passes it on in the contract of the machine token API.
	 * @param error the OAuth error code, such as {@code invalid_grant}
	 * @param description the platform's {@code error_description}, or null
	 */
	public static TokenException exchangeRefused(int status, String error, String description) {
		String code = (status < 500) ? EXCHANGE_REFUSED : ((status == 503) ? "platform-unavailable" : "platform-error");
		String title = (status < 500) ? "Token exchange refused"
				: ((status == 503) ? "Platform unavailable" : "Platform error");
		String detail = (description == null || description.isBlank()) ? error : error + ": " + description;
		StringBuilder problem = new StringBuilder(256).append("{\"type\":")
			.append(Json.quote(PROBLEM_TYPE_PREFIX + code))
			.append(",\"title\":")
			.append(Json.quote(title))
			.append(",\"status\":")
			.append(status)
			.append(",\"detail\":")
			.append(Json.quote(detail))
			.append(",\"error\":")
			.append(Json.quote(error));
		if (description != null) {
			problem.append(",\"error_description\":").append(Json.quote(description));
		}
		return refused(status, PROBLEM_CONTENT_TYPE, problem.append('}').toString().getBytes(StandardCharsets.UTF_8));
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
		Map<String, Object> problem = problem(body);
		return "HTTP " + status + " " + meaning(status, problem) + problemDetail(problem);
	}

	private static String meaning(int status, Map<String, Object> problem) {
		if (status < 500 && problem != null && (PROBLEM_TYPE_PREFIX + EXCHANGE_REFUSED).equals(problem.get("type"))) {
			return "token exchange refused";
		}
		return switch (status) {
			case 400 -> "request refused (bad request)";
			case 401 -> "credential rejected: revoked, replaced or unknown";
			case 403 -> "forbidden";
			case 413 -> "request refused (body too large)";
			case 429 -> "too many requests";
			case 503 -> "platform unavailable";
			default -> (status >= 500) ? "platform error" : "unexpected answer";
		};
	}

	private static Map<String, Object> problem(byte[] body) {
		try {
			return Json.parseObject(new String(body, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String problemDetail(Map<String, Object> problem) {
		if (problem == null) {
			return "";
		}
		Object detail = problem.getOrDefault("detail", problem.get("title"));
		if (!(detail instanceof String text) || text.isBlank()) {
			return "";
		}
		String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
		return " (" + ((line.length() > MAX_DETAIL) ? line.substring(0, MAX_DETAIL) + "..." : line) + ")";
	}

}
