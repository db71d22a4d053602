package dev.sigil.issuer.trust;

/**
 * Condition values of IAM policies as text: what the generator writes and what the
 * evaluator reads. In a {@code 2012-10-17} policy {@code ${...}} is a policy variable,
 * and {@code ${*}}, {@code ${?}} and {@code ${$}} stand for a literal {@code *},
 * {@code ?} and {@code $}; in {@code StringLike} a bare {@code *} matches any run of
 * characters and {@code ?} any one.
 *
 * @see <a href=
 * "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html">IAM
 * policy elements: variables and tags (special characters)</a>
 */
final class AwsPolicyStrings {

	private AwsPolicyStrings() {
	}

	/** The text as a value that {@code StringEquals} compares literally. */
	static String exact(String text) {
		return text.replace("${", "${$}{");
	}

	/**
	 * The text as the literal start of a {@code StringLike} pattern: its own wildcards
	 * are escaped.
	 */
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

	/** Whether a policy value holds a wildcard, which only {@code StringLike} honours. */
	static boolean hasWildcard(String value) {
		return value.replace("${*}", "").replace("${?}", "").chars().anyMatch((c) -> c == '*' || c == '?');
	}

}
