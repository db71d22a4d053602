package dev.sigil.agent.socket;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import dev.sigil.agent.http.HttpMessage;
import dev.sigil.agent.http.HttpReply;
import dev.sigil.agent.json.Json;
import dev.sigil.agent.platform.PlatformClient;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

/**
 * {@code POST /v1/tokens/oidc} on the local socket, with the platform's contract: an
 * optional {@code {"aud": ...}} body, the compact JWT alone as {@code text/plain}, and
 * the platform's own problems passed on with their status. The workload asks; the agent
 * adds the credential (or the subject token) it alone holds.
 */
public final class TokenEndpoint {

	private final TokenSource platform;

	public TokenEndpoint(TokenSource platform) {
		this.platform = platform;
	}

	public HttpReply handle(HttpMessage request) {
		if (!PlatformClient.TOKEN_PATH.equals(request.path())) {
			return HttpReply.problem(404, "not-found", "Not found",
					"This socket serves POST " + PlatformClient.TOKEN_PATH + " only");
		}
		if (!"POST".equals(request.method())) {
			return HttpReply
				.problem(405, "method-not-allowed", "Method not allowed",
						PlatformClient.TOKEN_PATH + " accepts POST only")
				.header("Allow", "POST");
		}
		Optional<String> audience;
		try {
			audience = audience(request.body());
		}
		catch (BadRequest ex) {
			return ex.reply;
		}
		return issue(audience);
	}

	private HttpReply issue(Optional<String> audience) {
		try {
			MachineToken token = this.platform.fetch(audience);
			return HttpReply.token(token.value());
		}
		catch (TokenException ex) {
			if (ex.status() > 0) {
				return HttpReply.relay(ex.status(), ex.contentType(), ex.body());
			}
			return HttpReply.problem(503, "platform-unavailable", "Platform unavailable",
					"The agent could not get a token from the platform: " + ex.getMessage());
		}
	}

	private static Optional<String> audience(byte[] body) throws BadRequest {
		String text = new String(body, StandardCharsets.UTF_8);
		if (text.isBlank()) {
			return Optional.empty();
		}
		Object request;
		try {
			request = Json.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest(
					HttpReply.problem(400, "malformed-json", "Malformed JSON", "The request body is not valid JSON"));
		}
		if (!(request instanceof Map<?, ?> members)) {
			throw new BadRequest(HttpReply.problem(400, "invalid-request", "Invalid request",
					"The request body must be a JSON object such as {\"aud\": \"sts.amazonaws.com\"}"));
		}
		Object aud = members.get("aud");
		if (aud != null && !(aud instanceof String)) {
			throw new BadRequest(
					HttpReply.problem(400, "invalid-audience", "Invalid audience", "aud must be a string"));
		}
		return Optional.ofNullable((String) aud);
	}

	private static final class BadRequest extends Exception {

		private static final long serialVersionUID = 1L;

		private final transient HttpReply reply;

		BadRequest(HttpReply reply) {
			super(null, null, false, false);
			this.reply = reply;
		}

	}

}
