package dev.sigil.issuer.token;

/** Writes JSON string literals, for claims assembled as text on the token path. */
final class JsonText {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private JsonText() {
	}

	/**
	 * The value as a quoted JSON string (RFC 8259, section 7). The value must be
	 * well-formed Unicode: a lone surrogate has no UTF-8 form, so it is written as it is
	 * for the audit entry to refuse before the token is signed, never hidden in an
	 * escape.
	 */
	static String quote(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
				out.append("\\u")
					.append(HEX[(c >> 12) & 0xF])
					.append(HEX[(c >> 8) & 0xF])
					.append(HEX[(c >> 4) & 0xF])
					.append(HEX[c & 0xF]);
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

}
