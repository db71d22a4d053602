package dev.sigil.server;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.sigil.api.problem.Problems;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.web.Ports;

/**
 * Answers the error dispatch of the public and internal ports (an error the servlet
 * container or a framework raised before any of our handlers could, such as a method a
 * path does not take) with an RFC 9457 problem document, as every other error of those
 * ports is, and of the management API on the admin port. The admin UI keeps Spring Boot's
 * error handling, whose pages its browser users see.
 */
final class ProblemErrorFilter extends OncePerRequestFilter {

	private static final String MANAGEMENT_API = "/api/v1";

	private final Ports ports;

	ProblemErrorFilter(Ports ports) {
		this.ports = ports;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (request.getDispatcherType() != DispatcherType.ERROR) {
			return true;
		}
		int port = request.getLocalPort();
		if (port == this.ports.publicPort() || port == this.ports.internalPort()) {
			return false;
		}
		// On the admin port, the management API's errors that no handler of its own saw
		// (an unknown path or method under /api/v1/) are problems too; the admin UI's
		// pages keep Spring Boot's error pages.
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return port != this.ports.adminPort() || !(uri instanceof String path) || !(path.equals(MANAGEMENT_API)
				|| path.startsWith(MANAGEMENT_API + "/") || path.startsWith(MANAGEMENT_API + ";"));
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (code instanceof Integer value) ? value : 500;
		Problem problem = problemOf(status);
		Problems.write(response, problem,
				(problem == Problem.INTERNAL) ? "An unexpected error occurred" : problem.title());
	}

	static Problem problemOf(int status) {
		for (Problem problem : Problem.values()) {
			if (problem.status() == status && problem != Problem.MALFORMED_JSON && problem != Problem.INVALID_AUDIENCE
					&& problem != Problem.AUDIT_RECORD_REFUSED) {
				return problem;
			}
		}
		return (status >= 500) ? Problem.INTERNAL : Problem.INVALID_REQUEST;
	}

}
