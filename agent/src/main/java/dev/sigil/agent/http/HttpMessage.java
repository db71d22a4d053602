package dev.sigil.agent.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP/1.1 request or response read off a byte stream: the start line, the header
 * fields and a body of known length. Enough for one exchange per connection over a unix
 * socket: no chunked bodies, no keep-alive.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9112">RFC 9112: HTTP/1.1</a>
 */
public final class HttpMessage {

	/** The largest start line and header section read. */
	public static final int MAX_HEAD = 8192;

	/** The largest request body read, as on the platform. */
	public static final int MAX_REQUEST_BODY = 8192;

	private static final int MAX_RESPONSE_BODY = 64 * 1024;

	private final String[] startLine;

	private final Map<String, String> headers;

	private final byte[] body;

	private HttpMessage(String[] startLine, Map<String, String> headers, byte[] body) {
		this.startLine = startLine;
		this.headers = headers;
		this.body = body;
	}

	/** Reads a request whose body, if any, has a {@code Content-Length}. */
	public static HttpMessage readRequest(InputStream in) throws IOException, HttpProtocolException {
		String[] head = head(in);
		String[] requestLine = head[0].split(" ", -1);
		if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
			throw new HttpProtocolException(400, "The request line is not HTTP/1.x");
		}
		Map<String, String> headers = headers(head);
		if (headers.containsKey("transfer-encoding")) {
			throw new HttpProtocolException(411, "Send the request body with a Content-Length");
		}
		long length = contentLength(headers).orElse(0L);
		if (length > MAX_REQUEST_BODY) {
			throw new HttpProtocolException(413, "The request body is larger than " + MAX_REQUEST_BODY + " bytes");
		}
		return new HttpMessage(requestLine, headers, body(in, (int) length));
	}

	/**
	 * Reads a response; without a {@code Content-Length}, its body runs to the end of the
	 * stream.
	 */
	public static HttpMessage readResponse(InputStream in) throws IOException, HttpProtocolException {
		String[] head = head(in);
		String[] statusLine = head[0].split(" ", 3);
		if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.") || !statusLine[1].matches("\\d{3}")) {
			throw new HttpProtocolException(502, "The status line is not HTTP/1.x");
		}
		Map<String, String> headers = headers(head);
		Optional<Long> length = contentLength(headers);
		if (length.orElse(0L) > MAX_RESPONSE_BODY) {
			throw new HttpProtocolException(502, "The response body is too large");
		}
		byte[] body = (length.isPresent()) ? body(in, length.get().intValue()) : in.readNBytes(MAX_RESPONSE_BODY);
		return new HttpMessage(statusLine, headers, body);
	}

	/** The method of a request. */
	public String method() {
		return this.startLine[0];
	}

	/** The path of a request, without its query. */
	public String path() {
		String target = this.startLine[1];
		int query = target.indexOf('?');
		return (query < 0) ? target : target.substring(0, query);
	}

	/** The status code of a response. */
	public int status() {
		return Integer.parseInt(this.startLine[1]);
	}

	/** A header field's value, by case-insensitive name. */
	public Optional<String> header(String name) {
		return Optional.ofNullable(this.headers.get(name.toLowerCase(Locale.ROOT)));
	}

	public byte[] body() {
		return this.body.clone();
	}

	private static String[] head(InputStream in) throws IOException, HttpProtocolException {
		ByteArrayOutputStream head = new ByteArrayOutputStream(256);
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new HttpProtocolException(400, "The message ended before its header section did");
			}
			if (head.size() >= MAX_HEAD) {
				throw new HttpProtocolException(431, "The header section is larger than " + MAX_HEAD + " bytes");
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		return text.substring(0, text.length() - 4).split("\r\n", -1);
	}

	private static Map<String, String> headers(String[] head) throws HttpProtocolException {
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < head.length; i++) {
			int colon = head[i].indexOf(':');
			if (colon <= 0) {
				throw new HttpProtocolException(400, "Malformed header field");
			}
			String name = head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
			String value = head[i].substring(colon + 1).strip();
			if (headers.containsKey(name) && name.equals("content-length")) {
				throw new HttpProtocolException(400, "More than one Content-Length");
			}
			headers.merge(name, value, (first, second) -> first + ", " + second);
		}
		return headers;
	}

	private static Optional<Long> contentLength(Map<String, String> headers) throws HttpProtocolException {
		String value = headers.get("content-length");
		if (value == null) {
			return Optional.empty();
		}
		if (!value.matches("\\d{1,18}")) {
			throw new HttpProtocolException(400, "Content-Length is not a number");
		}
		return Optional.of(Long.parseLong(value));
	}

	private static byte[] body(InputStream in, int length) throws IOException, HttpProtocolException {
		byte[] body = in.readNBytes(length);
		if (body.length != length) {
			throw new HttpProtocolException(400, "The body is shorter than its Content-Length");
		}
		return body;
	}

}
