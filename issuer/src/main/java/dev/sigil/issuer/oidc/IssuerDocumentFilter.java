package dev.sigil.issuer.oidc;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * Stands before the authorization server on the issuer document paths: refuses unknown orgs with
 * 404 (the authorization server would answer for any slug), pins the issuer to the configured base
 * URL, and makes the documents cacheable with {@code Cache-Control} and an {@code ETag}.
 */
final class IssuerDocumentFilter extends OncePerRequestFilter {

	private final OrgIssuers orgs;

	private final IssuerProperties properties;

	private final String cacheControl;

	private final ShallowEtagHeaderFilter etags = new ShallowEtagHeaderFilter();

	IssuerDocumentFilter(OrgIssuers orgs, IssuerProperties properties) {
		this.orgs = orgs;
		this.properties = properties;
		this.cacheControl = "public, max-age=" + properties.documentMaxAge().toSeconds();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String slug = IssuerPaths.orgSlugOf(request.getRequestURI());
		if (slug == null) {
			chain.doFilter(request, response);
			return;
		}
		if (this.orgs.bySlug(slug).isEmpty()) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		this.etags.doFilter(new PinnedIssuerRequest(request, this.properties), response, chain);
	}

}
