package dev.sigil.issuer.oidc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only paths the public port serves: each org's discovery document and JWKS.
 *
 * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig">OpenID
 * Connect Discovery 1.0, section 4</a>
 */
public final class IssuerPaths {

	public static final String DISCOVERY = "/.well-known/openid-configuration";

	public static final String JWKS = "/oauth2/jwks";

	private static final Pattern DOCUMENT = Pattern
		.compile("/([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(" + Pattern.quote(DISCOVERY) + "|" + Pattern.quote(JWKS) + ")");

	private IssuerPaths() {
	}

	/** The org slug if the path is an issuer document's, else null. */
	public static String orgSlugOf(String path) {
		Matcher matcher = DOCUMENT.matcher(path);
		return matcher.matches() ? matcher.group(1) : null;
	}

}
