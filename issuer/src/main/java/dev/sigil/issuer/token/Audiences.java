package dev.sigil.issuer.token;

import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;

/** The rules for a requested audience. */
public final class Audiences {

	public static final int MAX_LENGTH = 512;

	private Audiences() {
	}

	/** Returns the audience if it may be put in a token, or fails with a clear reason. */
	public static String check(String audience) {
		if (audience.isBlank()) {
			throw new SigilException(Problem.INVALID_AUDIENCE, "aud must not be empty");
		}
		if (audience.length() > MAX_LENGTH) {
			throw new SigilException(Problem.INVALID_AUDIENCE, "aud must be at most " + MAX_LENGTH + " characters");
		}
		if (audience.codePoints().anyMatch(Character::isISOControl)) {
			throw new SigilException(Problem.INVALID_AUDIENCE, "aud must not contain control characters");
		}
		if (audience.codePoints().anyMatch((c) -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
			throw new SigilException(Problem.INVALID_AUDIENCE, "aud must be well-formed Unicode (no lone surrogates)");
		}
		return audience;
	}

}
