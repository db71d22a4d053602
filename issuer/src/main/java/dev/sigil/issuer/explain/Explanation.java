package dev.sigil.issuer.explain;

import java.util.List;

/**
 * Why a relying party would accept or refuse a token, check by check, in plain words.
 *
 * @param valid whether every check passed
 * @param checks what was checked, in order
 * @param reason the first failed check's detail, or what to know about a valid token
 */
public record Explanation(boolean valid, List<Check> checks, String reason) {

	/**
	 * One check: its name (a stable identifier), whether it passed, and what was found.
	 */
	public record Check(String name, boolean ok, String detail) {
	}

}
