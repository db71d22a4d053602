package dev.sigil.issuer.federation;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * What verifying a subject token found: each check run, the first failure as the
 * exchange's {@code error_description}, and the claims once the signature verified (never
 * before).
 */
public record Verification(List<Check> checks, String failure, JsonNode claims) {

	public boolean passed() {
		return this.failure == null;
	}

	/**
	 * One check: its name, whether it passed, and for a failure after the signature
	 * verified what it expected and what the token held; {@code detail} says what failed
	 * in words.
	 */
	public record Check(String name, boolean ok, String expected, String actual, String detail) {
	}

}
