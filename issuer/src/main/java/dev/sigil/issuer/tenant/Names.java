package dev.sigil.issuer.tenant;

import java.util.Set;
import java.util.regex.Pattern;

import dev.sigil.issuer.error.SigilException;

/**
 * The rules for org slugs and for the names of apps and machines, checked at the API
 * boundary.
 */
public final class Names {

	/**
	 * A DNS-label-like slug: it is a path segment of the issuer URL and the first part of
	 * {@code sub}.
	 */
	private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

	private static final Pattern APP = SLUG;

	private static final Pattern MACHINE = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

	private static final Pattern REGION = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

	private static final Pattern IMAGE = Pattern.compile("[\\x21-\\x7E]{1,512}");

	private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,128}");

	/**
	 * Slugs that name the platform's own paths or would confuse an operator reading a
	 * URL.
	 */
	private static final Set<String> RESERVED = Set.of("admin", "api", "actuator", "assets", "health", "internal",
			"login", "logout", "metrics", "oauth2", "public", "root", "sigil", "static", "system", "v1", "well-known",
			"www");

	private Names() {
	}

	public static String slug(String value) {
		String slug = require("slug", value);
		if (!SLUG.matcher(slug).matches()) {
			throw SigilException.invalid("slug must be 1-63 lower-case letters, digits and hyphens, "
					+ "starting and ending with a letter or digit");
		}
		if (RESERVED.contains(slug)) {
			throw SigilException.invalid("slug '" + slug + "' is reserved");
		}
		return slug;
	}

	public static String orgName(String value) {
		String name = require("name", value).strip();
		if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
			throw SigilException.invalid("name must be 1-200 characters without control characters");
		}
		return name;
	}

	public static String app(String value) {
		return matching("name", value, APP, "1-63 lower-case letters, digits and hyphens");
	}

	public static String machine(String value) {
		return matching("name", value, MACHINE, "1-63 letters, digits, dots, underscores and hyphens");
	}

	public static String region(String value) {
		return matching("region", value, REGION, "1-63 lower-case letters, digits and hyphens");
	}

	public static String image(String value) {
		return matching("image", value, IMAGE, "1-512 printable characters without spaces");
	}

	public static String imageDigest(String value) {
		return matching("image_digest", value, DIGEST, "an algorithm and hex digest such as sha256:4f2a...");
	}

	private static String matching(String field, String value, Pattern pattern, String rule) {
		String checked = require(field, value);
		if (!pattern.matcher(checked).matches()) {
			throw SigilException.invalid(field + " must be " + rule);
		}
		return checked;
	}

	private static String require(String field, String value) {
		if (value == null) {
			throw SigilException.invalid(field + " is required");
		}
		return value;
	}

}
