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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.sigil.agent.json.Json;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

/**
 * Asks the platform's machine token API for tokens: {@code POST {base}/v1/tokens/oidc} with the machine
 * credential as a bearer token and an optional {@code {"aud": ...}} body; the answer is the compact JWT
 * as text, or an RFC 9457 problem. It uses the JDK's {@link HttpURLConnection}, which keeps the agent
 * small: unlike {@code java.net.http.HttpClient} it starts no threads of its own and loads TLS only for
 * an {@code https} URL.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750, section 2.1: bearer tokens</a>
 */
public final class PlatformClient implements TokenSource {

	/** The path of the machine token API, on the platform and on the agent's socket. */
	public static final String TOKEN_PATH = "/v1/tokens/oidc";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

	private static final int MAX_BODY = 64 * 1024;

	private final URL endpoint;

	private final String origin;

	private final MachineCredential credential;

	private final Clock clock;

	public PlatformClient(URI baseUrl, MachineCredential credential, Clock clock) {
		this.endpoint = endpoint(baseUrl);
		this.origin = baseUrl.getScheme() + "://" + baseUrl.getAuthority();
		this.credential = credential;
		this.clock = clock;
	}

	private static URL endpoint(URI baseUrl) {
		String base = baseUrl.toString();
		try {
			return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TOKEN_PATH).toURL();
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a usable platform URL: " + base, ex);
		}
	}

	@Override
	public MachineToken fetch(Optional<String> audience) throws TokenException {
		HttpURLConnection connection = null;
		try {
			connection = send(audience);
			int status = connection.getResponseCode();
			if (status != 200) {
				throw TokenException.refused(status, connection.getContentType(), read(connection.getErrorStream()));
			}
			String body = new String(read(connection.getInputStream()), StandardCharsets.UTF_8).strip();
			return MachineToken.parse(body, this.clock.instant());
		}
		catch (IllegalArgumentException ex) {
			throw TokenException.unreachable("the platform answered 200 without a usable token: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw TokenException.unreachable(reason(ex), ex);
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

	private HttpURLConnection send(Optional<String> audience) throws IOException, TokenException {
		HttpURLConnection connection = (HttpURLConnection) this.endpoint.openConnection();
		connection.setRequestMethod("POST");
		connection.setInstanceFollowRedirects(false);
		connection.setUseCaches(false);
		connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
		connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
		connection.setRequestProperty("Authorization", "Bearer " + this.credential.value());
		connection.setRequestProperty("Accept", "text/plain, application/problem+json");
		byte[] body = audience.map((aud) -> "{\"aud\":" + Json.quote(aud) + "}")
			.orElse("")
			.getBytes(StandardCharsets.UTF_8);
		if (body.length > 0) {
			connection.setRequestProperty("Content-Type", "application/json");
		}
		// Not in streaming mode: that would hide the body of a 401 behind an HttpRetryException.
		connection.setDoOutput(true);
		try (OutputStream out = connection.getOutputStream()) {
			out.write(body);
		}
		return connection;
	}

	private static byte[] read(InputStream in) throws IOException {
		if (in == null) {
			return new byte[0];
		}
		try (in) {
			return in.readNBytes(MAX_BODY);
		}
	}

	private String reason(IOException ex) {
		if (ex instanceof ConnectException) {
			return "connection refused: " + this.origin;
		}
		if (ex instanceof UnknownHostException) {
			return "unknown host: " + this.origin;
		}
		if (ex instanceof SocketTimeoutException) {
			return "no answer from " + this.origin + " in time (" + ex.getMessage() + ")";
		}
		return "cannot reach " + this.origin + ": " + ex;
	}

}
