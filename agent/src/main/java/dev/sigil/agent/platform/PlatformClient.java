package dev.sigil.agent.platform;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

import dev.sigil.agent.json.Json;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

/**
 * Asks the platform's machine token API for tokens: {@code POST {base}/v1/tokens/oidc}
 * with the machine credential as a bearer token and an optional {@code {"aud": ...}}
 * body; the answer is the compact JWT as text, or an RFC 9457 problem. It uses the JDK's
 * {@link HttpURLConnection}, which keeps the agent small: unlike
 * {@code java.net.http.HttpClient} it starts no threads of its own and loads TLS only for
 * an {@code https} URL.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750, section
 * 2.1: bearer tokens</a>
 * @see TokenExchangeClient the other way to get the same tokens, without a credential
 */
public final class PlatformClient implements TokenSource {

	/** The path of the machine token API, on the platform and on the agent's socket. */
	public static final String TOKEN_PATH = "/v1/tokens/oidc";

	private final URL endpoint;

	private final String origin;

	private final MachineCredential credential;

	private final Clock clock;

	public PlatformClient(URI baseUrl, MachineCredential credential, Clock clock) {
		this.endpoint = PlatformHttp.endpoint(baseUrl, TOKEN_PATH);
		this.origin = PlatformHttp.origin(baseUrl);
		this.credential = credential;
		this.clock = clock;
	}

	@Override
	public MachineToken fetch(Optional<String> audience) throws TokenException {
		HttpURLConnection connection = null;
		try {
			connection = send(audience);
			int status = connection.getResponseCode();
			if (status == 404) {
				throw TokenException.refused(status, connection.getContentType(),
						PlatformHttp.read(connection.getErrorStream()), wrongPort());
			}
			if (status != 200) {
				throw TokenException.refused(status, connection.getContentType(),
						PlatformHttp.read(connection.getErrorStream()));
			}
			String body = new String(PlatformHttp.read(connection.getInputStream()), StandardCharsets.UTF_8).strip();
			return MachineToken.parse(body, this.clock.instant());
		}
		catch (IllegalArgumentException ex) {
			throw TokenException.unreachable("the platform answered 200 without a usable token: " + ex.getMessage(),
					ex);
		}
		catch (IOException ex) {
			throw TokenException.unreachable(PlatformHttp.reason(ex, this.origin), ex);
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

	/**
	 * The platform serves the machine token API on its internal port only: a 404 for it
	 * almost always means that SIGIL_URL names the public port (the issuers' documents)
	 * or the admin one.
	 */
	private String wrongPort() {
		return "SIGIL_URL " + this.origin + " answered 404 for " + TOKEN_PATH + ": is it the internal port (8081 by "
				+ "default), not the public (8080) or admin (8082) one?";
	}

	private HttpURLConnection send(Optional<String> audience) throws IOException, TokenException {
		HttpURLConnection connection = PlatformHttp.post(this.endpoint);
		connection.setRequestProperty("Authorization", "Bearer " + this.credential.value());
		connection.setRequestProperty("Accept", "text/plain, application/problem+json");
		byte[] body = audience.map((aud) -> "{\"aud\":" + Json.quote(aud) + "}")
			.orElse("")
			.getBytes(StandardCharsets.UTF_8);
		if (body.length > 0) {
			connection.setRequestProperty("Content-Type", "application/json");
		}
		PlatformHttp.send(connection, body);
		return connection;
	}

}
