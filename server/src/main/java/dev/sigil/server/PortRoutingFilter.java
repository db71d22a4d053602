package dev.sigil.server;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.sigil.api.machine.MachineTokenEndpoint;
import dev.sigil.api.security.ApiSecurityConfiguration;
import dev.sigil.api.problem.Problems;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.oidc.IssuerPaths;
import dev.sigil.issuer.web.Ports;

/**
 * Keeps each port to its own paths, and answers 404 for everything else, so that no port
 * leaks another's surface: the public port serves the issuer documents and each org's
 * token endpoint (token exchange), the internal port the machine token API and the token
 * endpoint, the admin port the management API and the admin UI.
 */
final class PortRoutingFilter extends OncePerRequestFilter {

	private final Ports ports;

	PortRoutingFilter(Ports ports) {
		this.ports = ports;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!allowed(request.getLocalPort(), request.getRequestURI())) {
			Problems.write(response, Problem.NOT_FOUND, "No such resource");
			return;
		}
		chain.doFilter(request, response);
	}

	boolean allowed(int port, String path) {
		if (port == this.ports.publicPort()) {
			return IssuerPaths.orgSlugOf(path) != null || IssuerPaths.orgSlugOfTokenEndpoint(path) != null;
		}
		if (port == this.ports.internalPort()) {
			return path.equals(MachineTokenEndpoint.PATH) || path.equals(ApiSecurityConfiguration.MACHINE_EXPLAIN_PATH)
					|| IssuerPaths.orgSlugOfTokenEndpoint(path) != null;
		}
		if (port == this.ports.adminPort()) {
			return path.equals("/admin") || path.startsWith("/admin/") || path.startsWith("/api/");
		}
		return false;
	}

}
