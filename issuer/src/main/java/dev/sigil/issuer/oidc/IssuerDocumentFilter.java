package dev.sigil.issuer.oidc;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import dev.sigil.issuer.oidc.OrgIssuers.IssuingOrg;
import dev.sigil.keystore.ring.KeyRing;
import dev.sigil.keystore.ring.OrgKeys;

/**
 * Stands before the authorization server on the issuer document paths. It refuses unknown
 * orgs with 404 (the authorization server would answer for any slug) and pins the issuer
 * to the configured base URL. It keeps the bytes of each document the authorization
 * server produced, with an {@code ETag}, and serves them again (or 304) until the org's
 * keys change, so that relying parties polling the JWKS cost a map lookup.
 */
final class IssuerDocumentFilter extends OncePerRequestFilter {

	private final OrgIssuers orgs;

	private final IssuerProperties properties;

	private final KeyRing keyRing;

	private final String cacheControl;

	/** Two documents per live org; bounded, since orgs come and go. */
	private final Cache<String, Document> documents = Caffeine.newBuilder().maximumSize(200_000).build();

	IssuerDocumentFilter(OrgIssuers orgs, IssuerProperties properties, KeyRing keyRing) {
		this.orgs = orgs;
		this.properties = properties;
		this.keyRing = keyRing;
		this.cacheControl = "public, max-age=" + properties.documentMaxAge().toSeconds();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		String slug = IssuerPaths.orgSlugOf(path);
		if (slug == null || !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
			chain.doFilter(request, response);
			return;
		}
		IssuingOrg org = this.orgs.bySlug(slug).orElse(null);
		if (org == null) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		OrgKeys keys = path.endsWith(IssuerPaths.JWKS) ? this.keyRing.keys(org.id()) : null;
		Document document = this.documents.getIfPresent(path);
		if (document == null || document.keys() != keys) {
			document = render(request, response, chain);
			if (document == null) {
				return;
			}
			this.documents.put(path, new Document(document.body(), document.etag(), document.contentType(), keys));
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		response.setHeader(HttpHeaders.ETAG, document.etag());
		if (document.etag().equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		response.setContentType(document.contentType());
		response.setContentLength(document.body().length);
		if ("GET".equals(request.getMethod())) {
			response.getOutputStream().write(document.body());
		}
	}

	/**
	 * Lets the authorization server answer; returns its document, or null after passing
	 * on a failure.
	 */
	private Document render(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
		chain.doFilter(new PinnedIssuerRequest(request, this.properties), captured);
		if (captured.getStatus() != HttpServletResponse.SC_OK) {
			captured.copyBodyToResponse();
			return null;
		}
		byte[] body = captured.getContentAsByteArray();
		String contentType = (captured.getContentType() != null) ? captured.getContentType() : "application/json";
		captured.resetBuffer();
		return new Document(body, etag(body), contentType, null);
	}

	private static String etag(byte[] body) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
			return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Document(byte[] body, String etag, String contentType, OrgKeys keys) {
	}

}
