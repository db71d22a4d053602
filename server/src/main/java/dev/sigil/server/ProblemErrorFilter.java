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
 * ports is. The admin port keeps Spring Boot's error handling, whose pages the admin UI's
 * browser users see.
 */
final class ProblemErrorFilter extends OncePerRequestFilter {

	private final Ports ports;

	ProblemErrorFilter(Ports ports) {
		this.ports = ports;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		int port = request.getLocalPort();
		return request.getDispatcherType() != DispatcherType.ERROR
				|| (port != this.ports.publicPort() && port != this.ports.internalPort());
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
