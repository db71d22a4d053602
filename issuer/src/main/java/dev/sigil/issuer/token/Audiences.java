package dev.sigil.issuer.token;

import java.util.List;

import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;

/** The rules for a requested audience. */
public final class Audiences {

	public static final int MAX_LENGTH = 512;

	private Audiences() {
	}

	/** The most audiences one token may name. */
	public static final int MAX_AUDIENCES = 5;

	/**
	 * Returns the audiences if they may be put in one token: at most
	 * {@value #MAX_AUDIENCES}, each valid, no repeats, and at most {@value #MAX_LENGTH}
	 * characters together (the ledger keeps them as one space-separated value), or fails
	 * with a clear reason.
	 */
	public static List<String> checkAll(List<String> audiences) {
		if (audiences.size() > MAX_AUDIENCES) {
			throw new SigilException(Problem.INVALID_AUDIENCE,
					"aud may name at most " + MAX_AUDIENCES + " audiences, got " + audiences.size());
		}
		List<String> checked = audiences.stream().map(Audiences::check).toList();
		if (checked.stream().distinct().count() != checked.size()) {
			throw new SigilException(Problem.INVALID_AUDIENCE, "aud must not name an audience twice");
		}
		if (checked.size() > 1 && checked.stream().anyMatch((audience) -> audience.indexOf(' ') >= 0)) {
			throw new SigilException(Problem.INVALID_AUDIENCE,
					"aud must not contain spaces when several audiences are asked for");
		}
		int total = checked.stream().mapToInt(String::length).sum() + checked.size() - 1;
		if (total > MAX_LENGTH) {
			throw new SigilException(Problem.INVALID_AUDIENCE,
					"aud: the audiences must be at most " + MAX_LENGTH + " characters together, got " + total);
		}
		return checked;
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
