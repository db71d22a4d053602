package dev.sigil.issuer.trust;

import java.util.regex.Pattern;

/**
 * Condition values of IAM policies as text: what the generator writes and what the evaluator reads.
 * In a {@code 2012-10-17} policy {@code ${...}} is a policy variable, and {@code ${*}}, {@code ${?}} and
 * {@code ${$}} stand for a literal {@code *}, {@code ?} and {@code $}; in {@code StringLike} a bare
 * {@code *} matches any run of characters and {@code ?} any one.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html">IAM
 * policy elements: variables and tags (special characters)</a>
 */
final class AwsPolicyStrings {

	private AwsPolicyStrings() {
	}

	/** The text as a value that {@code StringEquals} compares literally. */
	static String exact(String text) {
		return text.replace("${", "${$}{");
	}

	/** The text as the literal start of a {@code StringLike} pattern: its own wildcards are escaped. */
	static String likeLiteral(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '*' -> out.append("${*}");
				case '?' -> out.append("${?}");
				case '$' -> out.append("${$}");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * How a policy value matches: as a pattern ({@code like}) or literally, ignoring case or not. Null
	 * when the value holds a policy variable other than the three escapes, which needs the request to
	 * resolve.
	 */
	static Pattern matcher(String value, boolean like, boolean ignoreCase) {
		StringBuilder regex = new StringBuilder();
		int i = 0;
		while (i < value.length()) {
			char c = value.charAt(i);
			if (c == '$' && value.startsWith("${", i)) {
				int end = value.indexOf('}', i);
				String name = (end > 0) ? value.substring(i + 2, end) : "";
				if (!(name.equals("*") || name.equals("?") || name.equals("$"))) {
					return null;
				}
				regex.append(Pattern.quote(name));
				i = end + 1;
				continue;
			}
			if (like && c == '*') {
				regex.append(".*");
			}
			else if (like && c == '?') {
				regex.append('.');
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
			i++;
		}
		int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
		return Pattern.compile(regex.toString(), flags);
	}

	/** Whether a policy value holds a wildcard, which only {@code StringLike} honours. */
	static boolean hasWildcard(String value) {
		return value.replace("${*}", "").replace("${?}", "").chars().anyMatch((c) -> c == '*' || c == '?');
	}

	/** A name as IAM accepts it for a role: letters, digits and {@code +=,.@_-}, at most 64 characters. */
	static String roleName(String name) {
		String cleaned = name.replaceAll("[^A-Za-z0-9+=,.@_-]", "-");
		return (cleaned.length() > 64) ? cleaned.substring(0, 64) : cleaned;
	}

}
