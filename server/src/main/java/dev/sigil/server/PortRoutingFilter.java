package dev.sigil.server;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.sigil.issuer.oidc.IssuerPaths;

/**
 * Answers 404 on the public port for everything but issuer documents, and on the internal port for
 * issuer documents, so neither port leaks the other's surface.
 */
final class PortRoutingFilter extends OncePerRequestFilter {

	private final int publicPort;

	PortRoutingFilter(int publicPort) {
		this.publicPort = publicPort;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean onPublicPort = request.getLocalPort() == this.publicPort;
		boolean issuerDocument = IssuerPaths.orgSlugOf(request.getRequestURI()) != null;
		if (onPublicPort != issuerDocument) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		chain.doFilter(request, response);
	}

}
