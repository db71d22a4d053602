package dev.sigil.issuer.oidc;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands before the authorization server on each org's token endpoint: an unknown org is
 * refused here (the authorization server would answer for any path), only POST is let
 * through, and the issuer is pinned to the configured base URL, never taken from the
 * request's Host.
 */
final class TokenEndpointGuard extends OncePerRequestFilter {

	private final OrgIssuers orgs;

	private final IssuerProperties properties;

	TokenEndpointGuard(OrgIssuers orgs, IssuerProperties properties) {
		this.orgs = orgs;
		this.properties = properties;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return IssuerPaths.orgSlugOfTokenEndpoint(request.getRequestURI()) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String slug = IssuerPaths.orgSlugOfTokenEndpoint(request.getRequestURI());
		if (this.orgs.bySlug(slug).isEmpty()) {
			OAuthErrors.write(response, HttpServletResponse.SC_NOT_FOUND, "invalid_request", "No issuer at this path");
			return;
		}
		if (!"POST".equals(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, "POST");
			OAuthErrors.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "invalid_request",
					"The token endpoint takes POST");
			return;
		}
		chain.doFilter(new PinnedIssuerRequest(request, this.properties), response);
	}

}
