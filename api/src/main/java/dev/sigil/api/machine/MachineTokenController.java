package dev.sigil.api.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.token.IssuedToken;
import dev.sigil.issuer.token.MachineTokenMinter;

/**
 * {@code POST /v1/tokens/oidc}: a machine asks for a token, optionally for an audience, and gets the
 * compact JWT alone as text. The body is read as JSON whatever its declared type, so that
 * {@code curl --data '{"aud":"..."}'} works as the seed platform's did.
 */
@RestController
class MachineTokenController {

	private final MachineTokenMinter minter;

	private final JsonMapper json;

	MachineTokenController(MachineTokenMinter minter, JsonMapper json) {
		this.minter = minter;
		this.json = json;
	}

	@PostMapping(path = "/v1/tokens/oidc", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> issue(@AuthenticationPrincipal MachineIdentity machine, HttpServletRequest request)
			throws IOException {
		// Read the raw stream: for a form content type Spring would rebuild the body from parameters.
		byte[] body = request.getInputStream().readAllBytes();
		IssuedToken token = this.minter.mint(machine, audience(body), request.getRemoteAddr());
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.TEXT_PLAIN)
			.body(token.value());
	}

	private String audience(byte[] body) {
		if (new String(body, StandardCharsets.UTF_8).isBlank()) {
			return null;
		}
		JsonNode request;
		try {
			request = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new SigilException(Problem.MALFORMED_JSON, "The request body is not valid JSON");
		}
		if (request == null || !request.isObject()) {
			throw SigilException.invalid("The request body must be a JSON object such as {\"aud\": \"sts.amazonaws.com\"}");
		}
		JsonNode aud = request.get("aud");
		if (aud == null || aud.isNull()) {
			return null;
		}
		if (!aud.isString()) {
			throw new SigilException(Problem.INVALID_AUDIENCE, "aud must be a string");
		}
		return aud.asString();
	}

}
