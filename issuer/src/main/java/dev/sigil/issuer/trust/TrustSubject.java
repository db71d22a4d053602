package dev.sigil.issuer.trust;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.token.Audiences;

/**
 * Whose tokens a relying party is to trust: one app of an org, or one machine of it, as
 * the org's issuer names them in {@code sub}.
 *
 * @param issuerUrl the org's issuer, the tokens' {@code iss}
 * @param subjectTemplate {@value #NAMES} ({@code org:app:machine}, the default when null)
 * or {@value #IDS} ({@code org_id:app_id:machine_id})
 * @param audience the {@code aud} the machine asks for, or null for the relying party's
 * usual one
 * @param machineName the machine to pin trust to, or null for every machine of the app
 * @param machineId the pinned machine's id, given exactly when {@code machineName} is
 */
public record TrustSubject(String issuerUrl, UUID orgId, String orgSlug, UUID appId, String appName,
		String subjectTemplate, String audience, String machineName, UUID machineId) {

	/** The subject template naming org, app and machine by their slug and names. */
	public static final String NAMES = "names";

	/**
	 * The subject template naming org, app and machine by their ids, which survive
	 * renames.
	 */
	public static final String IDS = "ids";

	private static final Pattern AUDIENCE = Pattern.compile("[A-Za-z0-9:/._~@%+-]{1,512}");

	public TrustSubject {
		issuerUrl = checkIssuer(issuerUrl);
		require("orgId", orgId);
		requireText("orgSlug", orgSlug);
		require("appId", appId);
		requireText("appName", appName);
		subjectTemplate = (subjectTemplate != null) ? subjectTemplate : NAMES;
		if (!subjectTemplate.equals(NAMES) && !subjectTemplate.equals(IDS)) {
			throw SigilException.invalid("subject template must be 'names' or 'ids', got '" + subjectTemplate + "'");
		}
		if (audience != null) {
			Audiences.check(audience);
			// A configuration is copied into a cloud as it is: an audience a crafted link
			// chose must not
			// smuggle quoting, spaces or template syntax into it.
			if (!AUDIENCE.matcher(audience).matches()) {
				throw SigilException
					.invalid("an audience for a trust configuration may hold letters, digits and " + ":/._~@%+- only");
			}
		}
		if ((machineName == null) != (machineId == null)) {
			throw SigilException.invalid("a machine is pinned by both its name and its id, or neither is given");
		}
		if (machineName != null) {
			requireText("machineName", machineName);
		}
	}

	/** Every machine of an app. */
	public static TrustSubject app(String issuerUrl, UUID orgId, String orgSlug, UUID appId, String appName,
			String subjectTemplate, String audience) {
		return new TrustSubject(issuerUrl, orgId, orgSlug, appId, appName, subjectTemplate, audience, null, null);
	}

	/** The same subject pinned to one machine of the app. */
	public TrustSubject pinnedTo(String machineName, UUID machineId) {
		return new TrustSubject(this.issuerUrl, this.orgId, this.orgSlug, this.appId, this.appName,
				this.subjectTemplate, this.audience, machineName, machineId);
	}

	/**
	 * The same subject with another audience (null for the relying party's usual one).
	 */
	public TrustSubject withAudience(String audience) {
		return new TrustSubject(this.issuerUrl, this.orgId, this.orgSlug, this.appId, this.appName,
				this.subjectTemplate, audience, this.machineName, this.machineId);
	}

	/** Whether trust is pinned to one machine rather than the whole app. */
	public boolean machinePinned() {
		return this.machineName != null;
	}

	/** Whether {@code sub} names the org, app and machine by id. */
	public boolean idsTemplate() {
		return this.subjectTemplate.equals(IDS);
	}

	/**
	 * The issuer without its scheme or a trailing slash, {@code id.example.com/acme}: AWS
	 * names an OIDC provider by it in the provider's ARN and in its condition keys.
	 */
	public String issuerHostPath() {
		String withoutScheme = this.issuerUrl.substring(this.issuerUrl.indexOf("://") + 3);
		return withoutScheme.endsWith("/") ? withoutScheme.substring(0, withoutScheme.length() - 1) : withoutScheme;
	}

	/** Whether the issuer is served over https, as every cloud relying party requires. */
	public boolean httpsIssuer() {
		return this.issuerUrl.regionMatches(true, 0, "https://", 0, 8);
	}

	/**
	 * The first two parts of {@code sub}, which every machine of the app shares, with the
	 * colon after them.
	 */
	public String appSubjectPrefix() {
		return idsTemplate() ? this.orgId + ":" + this.appId + ":" : this.orgSlug + ":" + this.appName + ":";
	}

	/**
	 * The {@code sub} of every machine of the app as a pattern: {@code org:app:*} or
	 * {@code org_id:app_id:*}.
	 */
	public String appSubjectPattern() {
		return appSubjectPrefix() + "*";
	}

	/** The pinned machine's exact {@code sub}. */
	public String machineSubject() {
		if (!machinePinned()) {
			throw new IllegalStateException("no machine is pinned");
		}
		return appSubjectPrefix() + (idsTemplate() ? this.machineId.toString() : this.machineName);
	}

	/**
	 * The audience the machine asks for: the one given, else the relying party's usual
	 * one.
	 */
	String audienceOr(String usual) {
		return (this.audience != null) ? this.audience : usual;
	}

	/**
	 * A name for what is trusted, for resources named after it: {@code acme_web} or
	 * {@code acme_web_m1}. Slugs and app names never hold an underscore, so an app and
	 * another app's pinned machine never share a name ({@code web-m1} against {@code web}
	 * and {@code m1}).
	 */
	String label() {
		return this.orgSlug + "_" + this.appName + (machinePinned() ? "_" + this.machineName : "");
	}

	/**
	 * The label as a relying party's resource name: characters outside {@code allowed}
	 * replaced, and, when anything had to be replaced or cut, a digest of the label at
	 * the end so that two labels never come out the same ({@code m.1} and {@code m-1}).
	 */
	String name(String prefix, String disallowed, int maxLength) {
		String label = prefix + label();
		String cleaned = label.replaceAll(disallowed, "-");
		if (cleaned.equals(label) && cleaned.length() <= maxLength) {
			return cleaned;
		}
		String digest = java.util.HexFormat.of().formatHex(sha256(label), 0, 4);
		return cleaned.substring(0, Math.min(cleaned.length(), maxLength - digest.length() - 1)) + "_" + digest;
	}

	private static byte[] sha256(String text) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256")
				.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

	private static String checkIssuer(String issuerUrl) {
		requireText("issuerUrl", issuerUrl);
		try {
			URI uri = new URI(issuerUrl);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawQuery() != null
					|| uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
				throw SigilException
					.invalid("issuer must be an http(s) URL without query or fragment, got '" + issuerUrl + "'");
			}
			return issuerUrl;
		}
		catch (URISyntaxException ex) {
			throw SigilException.invalid("issuer must be an http(s) URL, got '" + issuerUrl + "'");
		}
	}

	private static void require(String field, Object value) {
		if (value == null) {
			throw SigilException.invalid(field + " is required");
		}
	}

	private static void requireText(String field, String value) {
		if (value == null || value.isBlank()) {
			throw SigilException.invalid(field + " is required");
		}
	}

}
