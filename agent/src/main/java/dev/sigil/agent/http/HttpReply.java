package dev.sigil.agent.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sigil.agent.json.Json;

/**
 * An HTTP/1.1 response to write: never cached (it carries a token or the reason there is
 * none), and the connection closed after it.
 */
public final class HttpReply {

	/** Problem types shared with the platform's machine token API. */
	public static final String PROBLEM_TYPE_PREFIX = "urn:sigil:problem:";

	private final int status;

	private final String contentType;

	private final byte[] body;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private HttpReply(int status, String contentType, byte[] body) {
		this.status = status;
		this.contentType = contentType;
		this.body = body;
	}

	/** 200 with the compact token alone, as the platform answers. */
	public static HttpReply token(String token) {
		return new HttpReply(200, "text/plain", token.getBytes(StandardCharsets.UTF_8));
	}

	/** An answer passed on as it came. */
	public static HttpReply relay(int status, String contentType, byte[] body) {
		return new HttpReply(status, contentType, body.clone());
	}

	/** An RFC 9457 problem of type {@code urn:sigil:problem:<code>}. */
	public static HttpReply problem(int status, String code, String title, String detail) {
		String body = "{\"type\":" + Json.quote(PROBLEM_TYPE_PREFIX + code) + ",\"title\":" + Json.quote(title)
				+ ",\"status\":" + status + ",\"detail\":" + Json.quote(detail) + "}";
		return new HttpReply(status, "application/problem+json", body.getBytes(StandardCharsets.UTF_8));
	}

	/** Adds a header field. */
	public HttpReply header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	public int status() {
		return this.status;
	}

	public void writeTo(OutputStream out) throws IOException {
		StringBuilder head = new StringBuilder(256);
		head.append("HTTP/1.1 ").append(this.status).append(' ').append(reason(this.status)).append("\r\n");
		if (this.contentType != null) {
			head.append("Content-Type: ").append(this.contentType).append("\r\n");
		}
		head.append("Content-Length: ").append(this.body.length).append("\r\n");
		head.append("Cache-Control: no-store\r\n");
		this.headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("Connection: close\r\n\r\n");
		out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.write(this.body);
		out.flush();
	}

	private static String reason(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 411 -> "Length Required";
			case 413 -> "Content Too Large";
			case 429 -> "Too Many Requests";
			case 431 -> "Request Header Fields Too Large";
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			default -> "";
		};
	}

}
