package dev.sigil.issuer.oidc;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the org issuers live: {@code iss} of org {@code acme} is {@code {base-url}/acme},
 * whatever host a request names.
 *
 * @param baseUrl the public base URL (scheme, host and port, no path),
 * {@code SIGIL_ISSUER_BASE_URL}
 * @param documentMaxAge how long relying parties may cache the discovery document and
 * JWKS
 */
@ConfigurationProperties("sigil.issuer")
public record IssuerProperties(@DefaultValue("http://localhost:8080") URI baseUrl,
		@DefaultValue("5m") Duration documentMaxAge) {

	public IssuerProperties {
		if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null
				|| !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
			throw new IllegalArgumentException("sigil.issuer.base-url must be an http(s) URL such as "
					+ "https://id.example.com, got '" + baseUrl + "'");
		}
		if (baseUrl.getRawPath() != null && !baseUrl.getRawPath().isEmpty() && !baseUrl.getRawPath().equals("/")) {
			throw new IllegalArgumentException("sigil.issuer.base-url must not have a path, got '" + baseUrl + "'");
		}
		if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
			throw new IllegalArgumentException("sigil.issuer.base-url must not have a query or fragment");
		}
		baseUrl = URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority());
		if (documentMaxAge.isNegative()) {
			throw new IllegalArgumentException("sigil.issuer.document-max-age must not be negative");
		}
	}

	/** The issuer URL of an org. */
	public String issuerOf(String orgSlug) {
		return this.baseUrl + "/" + orgSlug;
	}

	/** The port the base URL names, explicit or implied by its scheme. */
	int port() {
		if (this.baseUrl.getPort() != -1) {
			return this.baseUrl.getPort();
		}
		return this.baseUrl.getScheme().equals("https") ? 443 : 80;
	}

}
