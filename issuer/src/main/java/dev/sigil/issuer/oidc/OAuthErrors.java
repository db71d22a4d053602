package dev.sigil.issuer.oidc;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the token endpoint's answers as RFC 6749 and RFC 8693 say: JSON, never cached.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749, section
 * 5.2</a>
 */
final class OAuthErrors {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OAuthErrors() {
	}

	/**
	 * The status RFC 6749 gives an error: 401 for a client that failed, 503 when Sigil
	 * cannot serve now.
	 */
	static int statusOf(String error) {
		return switch (error) {
			case "invalid_client" -> HttpServletResponse.SC_UNAUTHORIZED;
			case "temporarily_unavailable" -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
			case "server_error" -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
			default -> HttpServletResponse.SC_BAD_REQUEST;
		};
	}

	static void write(HttpServletResponse response, int status, String error, String description) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		if (description != null) {
			body.put("error_description", description);
		}
		writeJson(response, status, body);
	}

	static void writeJson(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Pragma", "no-cache");
		JSON.writeValue(response.getOutputStream(), body);
	}

}
