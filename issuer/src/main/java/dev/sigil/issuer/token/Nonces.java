package dev.sigil.issuer.token;

import dev.sigil.issuer.error.SigilException;

/**
 * The rules for a {@code nonce} a machine asks to have echoed in its token, so that a
 * relying party can bind the token to one exchange of its own (a replay elsewhere carries
 * another nonce).
 */
public final class Nonces {

	public static final int MIN_LENGTH = 8;

	public static final int MAX_LENGTH = 128;

	private Nonces() {
	}

	/**
	 * Returns the nonce if it may be put in a token (null for none), or fails with a
	 * clear reason.
	 */
	public static String check(String nonce) {
		if (nonce == null) {
			return null;
		}
		if (nonce.length() < MIN_LENGTH || nonce.length() > MAX_LENGTH) {
			throw SigilException
				.invalid("nonce must be " + MIN_LENGTH + "-" + MAX_LENGTH + " characters, got " + nonce.length());
		}
		for (int i = 0; i < nonce.length(); i++) {
			char c = nonce.charAt(i);
			if (c < 0x21 || c > 0x7E) {
				throw SigilException.invalid("nonce must be printable ASCII characters without spaces (0x21-0x7E)");
			}
		}
		return nonce;
	}

}
