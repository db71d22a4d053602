package dev.sigil.agent.platform;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import dev.sigil.agent.json.Json;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

/**
 * Gets machine tokens by RFC 8693 token exchange at the org's token endpoint, {@code POST
 * {base}/{org}/oauth2/token}: the form names the trust policy as {@code client_id},
 * carries the subject token read from its file just now, and asks for an {@code id_token}
 * (a machine token) for the audience, if any. The answer is {@code {"access_token": ...,
 * "issued_token_type": ...}}, or an OAuth error, which becomes an RFC 9457 problem so
 * that the socket passes it on in its own contract. Like {@link PlatformClient}, it uses
 * {@link HttpURLConnection}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2">RFC 8693, section 2:
 * token exchange</a>
 */
public final class TokenExchangeClient implements TokenSource {

	/** The token endpoint under the org's path. */
	public static final String TOKEN_ENDPOINT_PATH = "/oauth2/token";

	public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

	public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

	public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";

	private final URL endpoint;

	private final String origin;

	private final TokenExchange exchange;

	private final Clock clock;

	public TokenExchangeClient(URI baseUrl, TokenExchange exchange, Clock clock) {
		this.endpoint = PlatformHttp.endpoint(baseUrl, "/" + exchange.org() + TOKEN_ENDPOINT_PATH);
		this.origin = PlatformHttp.origin(baseUrl);
		this.exchange = exchange;
		this.clock = clock;
	}

	@Override
	public MachineToken fetch(Optional<String> audience) throws TokenException {
		String subjectToken = this.exchange.subjectToken();
		HttpURLConnection connection = null;
		try {
			connection = PlatformHttp.post(this.endpoint);
			connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
			connection.setRequestProperty("Accept", "application/json");
			PlatformHttp.send(connection, form(subjectToken, audience));
			int status = connection.getResponseCode();
			if (status != 200) {
				throw refusal(status, connection.getContentType(), PlatformHttp.read(connection.getErrorStream()),
						subjectToken);
			}
			return token(new String(PlatformHttp.read(connection.getInputStream()), StandardCharsets.UTF_8));
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

	private byte[] form(String subjectToken, Optional<String> audience) {
		StringBuilder form = new StringBuilder(subjectToken.length() + 512);
		field(form, "grant_type", GRANT_TYPE);
		field(form, "client_id", this.exchange.trustPolicy());
		field(form, "subject_token", subjectToken);
		field(form, "subject_token_type", JWT);
		field(form, "requested_token_type", ID_TOKEN);
		audience.ifPresent((aud) -> field(form, "audience", aud));
		return form.toString().getBytes(StandardCharsets.US_ASCII);
	}

	private static void field(StringBuilder form, String name, String value) {
		if (form.length() > 0) {
			form.append('&');
		}
		form.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
	}

	private MachineToken token(String body) throws TokenException {
		try {
			Map<String, Object> answer = Json.parseObject(body);
			Object type = answer.get("issued_token_type");
			if (type != null && !ID_TOKEN.equals(type)) {
				throw TokenException.unreachable("the platform issued a " + type + ", not a machine token (" + ID_TOKEN
						+ "): trust policy " + this.exchange.trustPolicy() + " grants something else", null);
			}
			if (!(answer.get("access_token") instanceof String token)) {
				throw TokenException.unreachable("the platform answered 200 without an access_token", null);
			}
			return MachineToken.parse(token.strip(), this.clock.instant());
		}
		catch (IllegalArgumentException ex) {
			// The message says what is wrong with the answer, never what it holds.
			throw TokenException.unreachable("the platform answered 200 without a usable token: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * The refusal, as an RFC 9457 problem that carries the OAuth error when the answer is
	 * one (RFC 6749, section 5.2), else as it came.
	 */
	private static TokenException refusal(int status, String contentType, byte[] body, String subjectToken) {
		Map<String, Object> answer;
		try {
			answer = Json.parseObject(new String(body, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return TokenException.refused(status, contentType, body);
		}
		if (!(answer.get("error") instanceof String error) || error.isBlank()) {
			return TokenException.refused(status, contentType, body);
		}
		String description = (answer.get("error_description") instanceof String text) ? text : null;
		return TokenException.exchangeRefused(status, scrub(error, subjectToken), scrub(description, subjectToken));
	}

	/** The text without the subject token, should the platform ever quote it. */
	private static String scrub(String text, String subjectToken) {
		return (text != null) ? text.replace(subjectToken, "[subject token]") : null;
	}

}
