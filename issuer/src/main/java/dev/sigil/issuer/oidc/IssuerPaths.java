package dev.sigil.issuer.oidc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paths of each org's issuer: its discovery document and JWKS (public port), and its
 * token endpoint (public and internal ports).
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig">OpenID
 * Connect Discovery 1.0, section 4</a>
 */
public final class IssuerPaths {

	public static final String DISCOVERY = "/.well-known/openid-configuration";

	public static final String JWKS = "/oauth2/jwks";

	/** The token endpoint: RFC 8693 token exchange against the org's trust policies. */
	public static final String TOKEN = "/oauth2/token";

	private static final Pattern TOKEN_ENDPOINT = Pattern
		.compile("/([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)" + Pattern.quote(TOKEN));

	private static final Pattern DOCUMENT = Pattern.compile(
			"/([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(" + Pattern.quote(DISCOVERY) + "|" + Pattern.quote(JWKS) + ")");

	private IssuerPaths() {
	}

	/** The org slug if the path is an org's token endpoint, else null. */
	public static String orgSlugOfTokenEndpoint(String path) {
		Matcher matcher = TOKEN_ENDPOINT.matcher(path);
		return matcher.matches() ? matcher.group(1) : null;
	}

	/** The org slug if the path is an issuer document's, else null. */
	public static String orgSlugOf(String path) {
		Matcher matcher = DOCUMENT.matcher(path);
		return matcher.matches() ? matcher.group(1) : null;
	}

}
