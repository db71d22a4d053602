package dev.sigil.issuer.oidc;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request that reports the configured public base URL as its scheme, host and port, so
 * that the authorization server derives each org's issuer from configuration and never
 * from a Host header.
 */
final class PinnedIssuerRequest extends HttpServletRequestWrapper {

	private final URI baseUrl;

	private final int port;

	PinnedIssuerRequest(HttpServletRequest request, IssuerProperties properties) {
		super(request);
		this.baseUrl = properties.baseUrl();
		this.port = properties.port();
	}

	@Override
	public String getScheme() {
		return this.baseUrl.getScheme();
	}

	@Override
	public String getServerName() {
		return this.baseUrl.getHost();
	}

	@Override
	public int getServerPort() {
		return this.port;
	}

	@Override
	public boolean isSecure() {
		return "https".equals(this.baseUrl.getScheme());
	}

	@Override
	public StringBuffer getRequestURL() {
		return new StringBuffer(this.baseUrl.toString()).append(getRequestURI());
	}

}
