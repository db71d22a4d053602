package dev.sigil.issuer.trust;

/**
 * Writes string literals of the Common Expression Language, in which Google's attribute
 * conditions and Kubernetes' claim rules are written.
 *
 * @see <a href=
 * "https://github.com/google/cel-spec/blob/master/doc/langdef.md#string-and-bytes-values">CEL
 * language definition: string literals and escapes</a>
 */
final class Cel {

	private Cel() {
	}

	/** The value as a single-quoted CEL string literal. */
	static String quote(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\'' -> out.append("\\'");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x7f) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('\'').toString();
	}

	/** {@code root.claim == 'value'}: a claim of the token equals a string. */
	static String claimEquals(String root, String claim, String value) {
		return root + "." + claim + " == " + quote(value);
	}

}
