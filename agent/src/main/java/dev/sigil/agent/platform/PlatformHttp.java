package dev.sigil.agent.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * What the platform's clients share: one POST with {@link HttpURLConnection} (see
 * {@link PlatformClient} for why not {@code java.net.http.HttpClient}), bounded reads,
 * and a one-line reason when no answer came.
 */
final class PlatformHttp {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

	private static final int MAX_BODY = 64 * 1024;

	private PlatformHttp() {
	}

	/**
	 * The URL of {@code path} under the platform's base URL, with or without its trailing
	 * slash.
	 */
	static URL endpoint(URI baseUrl, String path) {
		String base = baseUrl.toString();
		try {
			return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path).toURL();
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a usable platform URL: " + base, ex);
		}
	}

	/** Scheme, host and port: what log lines name, never a path or a query. */
	static String origin(URI baseUrl) {
		return baseUrl.getScheme() + "://" + baseUrl.getAuthority();
	}

	/**
	 * A POST to the endpoint, not yet sent: the caller sets its headers, then calls
	 * {@link #send}.
	 */
	static HttpURLConnection post(URL endpoint) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) endpoint.openConnection();
		connection.setRequestMethod("POST");
		connection.setInstanceFollowRedirects(false);
		connection.setUseCaches(false);
		connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
		connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
		return connection;
	}

	/** Sends the request with its body, which may be empty. */
	static void send(HttpURLConnection connection, byte[] body) throws IOException {
		// Not in streaming mode: that would hide the body of a 401 behind an
		// HttpRetryException.
		connection.setDoOutput(true);
		try (OutputStream out = connection.getOutputStream()) {
			out.write(body);
		}
	}

	/** At most 64 KiB of the stream, which may be null (no body). */
	static byte[] read(InputStream in) throws IOException {
		if (in == null) {
			return new byte[0];
		}
		try (in) {
			return in.readNBytes(MAX_BODY);
		}
	}

	/** Why no answer came, in one line. */
	static String reason(IOException ex, String origin) {
		if (ex instanceof ConnectException) {
			return "connection refused: " + origin;
		}
		if (ex instanceof UnknownHostException) {
			return "unknown host: " + origin;
		}
		if (ex instanceof SocketTimeoutException) {
			return "no answer from " + origin + " in time (" + ex.getMessage() + ")";
		}
		return "cannot reach " + origin + ": " + ex;
	}

}
