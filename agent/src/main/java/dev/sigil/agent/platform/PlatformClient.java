package dev.sigil.agent.platform;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
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
 * as text, or an RFC 9457 problem.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750, section 2.1: bearer tokens</a>
 */
public final class PlatformClient implements TokenSource {

	/** The path of the machine token API, on the platform and on the agent's socket. */
	public static final String TOKEN_PATH = "/v1/tokens/oidc";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

	private final HttpClient http;

	private final URI endpoint;

	private final MachineCredential credential;

	private final Clock clock;

	public PlatformClient(HttpClient http, URI baseUrl, MachineCredential credential, Clock clock) {
		this.http = http;
		this.endpoint = endpoint(baseUrl);
		this.credential = credential;
		this.clock = clock;
	}

	/** A client with its own HTTP/1.1 connection pool and timeouts fit for a small internal API. */
	public static PlatformClient create(URI baseUrl, MachineCredential credential, Clock clock) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		return new PlatformClient(http, baseUrl, credential, clock);
	}

	private static URI endpoint(URI baseUrl) {
		String base = baseUrl.toString();
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TOKEN_PATH);
	}

	@Override
	public MachineToken fetch(Optional<String> audience) throws TokenException {
		HttpResponse<byte[]> response = send(request(audience));
		byte[] body = response.body();
		if (response.statusCode() != 200) {
			String contentType = response.headers().firstValue("Content-Type").orElse(null);
			throw TokenException.refused(response.statusCode(), contentType, body);
		}
		try {
			return MachineToken.parse(new String(body, StandardCharsets.UTF_8).strip(), this.clock.instant());
		}
		catch (IllegalArgumentException ex) {
			throw TokenException.unreachable("the platform answered 200 without a usable token: " + ex.getMessage(), ex);
		}
	}

	private HttpRequest request(Optional<String> audience) throws TokenException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", "Bearer " + this.credential.value())
			.header("Accept", "text/plain, application/problem+json");
		if (audience.isPresent()) {
			String body = "{\"aud\":" + Json.quote(audience.get()) + "}";
			return request.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build();
		}
		return request.POST(HttpRequest.BodyPublishers.noBody()).build();
	}

	private HttpResponse<byte[]> send(HttpRequest request) throws TokenException {
		String where = this.endpoint.getScheme() + "://" + this.endpoint.getAuthority();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (HttpConnectTimeoutException ex) {
			throw TokenException.unreachable("connection to " + where + " timed out", ex);
		}
		catch (HttpTimeoutException ex) {
			throw TokenException.unreachable("no answer from " + where + " within " + REQUEST_TIMEOUT.toSeconds() + "s", ex);
		}
		catch (ConnectException ex) {
			String reason = (ex.getCause() instanceof UnresolvedAddressException) ? "unknown host"
					: "connection refused";
			throw TokenException.unreachable(reason + ": " + where, ex);
		}
		catch (IOException ex) {
			throw TokenException.unreachable("cannot reach " + where + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw TokenException.unreachable("interrupted while asking " + where, ex);
		}
	}

}
