package dev.sigil.api.problem;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.error.Problem;

/**
 * Builds RFC 9457 problem responses with Sigil's stable types, for controllers and for
 * filters that answer before a controller is reached.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a>
 */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	public static ProblemDetail of(Problem problem, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(problem.status()), detail);
		body.setType(problem.type());
		body.setTitle(problem.title());
		return body;
	}

	public static ResponseEntity<ProblemDetail> response(Problem problem, String detail) {
		return ResponseEntity.status(problem.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(of(problem, detail));
	}

	/**
	 * Writes a problem straight to the servlet response (from a filter or a security
	 * handler).
	 */
	public static void write(HttpServletResponse response, Problem problem, String detail) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.type().toString());
		body.put("title", problem.title());
		body.put("status", problem.status());
		body.put("detail", detail);
		response.setStatus(problem.status());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader("Cache-Control", "no-store");
		JSON.writeValue(response.getOutputStream(), body);
	}

}
