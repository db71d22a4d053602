package dev.sigil.issuer.error;

import java.net.URI;

/**
 * The stable problem types of Sigil's APIs, each with its HTTP status.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457#section-3.1.1">RFC 9457, section
 * 3.1.1: type</a>
 */
public enum Problem {

	INVALID_REQUEST(400, "invalid-request", "Invalid request"), MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
	INVALID_AUDIENCE(400, "invalid-audience", "Invalid audience"),
	UNAUTHENTICATED(401, "unauthenticated", "Unauthenticated"), FORBIDDEN(403, "forbidden", "Forbidden"),
	NOT_FOUND(404, "not-found", "Not found"), METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
	CONFLICT(409, "conflict", "Conflict"), PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
	UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
	RATE_LIMITED(429, "rate-limited", "Too many requests"),
	SIGNING_KEY_UNAVAILABLE(503, "signing-key-unavailable", "Signing key unavailable"),
	DATABASE_UNAVAILABLE(503, "database-unavailable", "Database unavailable"),
	AUDIT_RECORD_REFUSED(500, "audit-record-refused", "Audit record refused"),
	INTERNAL(500, "internal-error", "Internal error");

	private static final String TYPE_PREFIX = "urn:sigil:problem:";

	private final int status;

	private final URI type;

	private final String title;

	Problem(int status, String code, String title) {
		this.status = status;
		this.type = URI.create(TYPE_PREFIX + code);
		this.title = title;
	}

	public int status() {
		return this.status;
	}

	public URI type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

}
