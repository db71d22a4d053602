package dev.sigil.issuer.federation;

import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * A condition on one claim of a subject token, written in a trust policy as a plain value
 * (equals), or {@code {"one_of":[...]}}, {@code {"glob":"..."}}, {@code {"not":...}} or
 * {@code {"not_one_of":[...]}}. Values are typed: a string never equals a number or a
 * boolean, and nothing is coerced. A claim that is missing fails every condition, the
 * negative ones included, so a token cannot pass {@code not} by leaving a claim out.
 */
sealed interface ClaimCondition {

	/**
	 * Whether the claim (never null; missing claims are Jackson's missing node) meets the
	 * condition.
	 */
	boolean test(JsonNode claim);

	/** What the condition expects, as shown in an explanation. */
	String expected();

	static boolean sameValue(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			return a.decimalValue().compareTo(b.decimalValue()) == 0;
		}
		return (a.isString() && b.isString() || a.isBoolean() && b.isBoolean()) && a.equals(b);
	}

	static boolean present(JsonNode claim) {
		return claim != null && !claim.isMissingNode() && !claim.isNull();
	}

	/** The claim is exactly this string, number or boolean. */
	record Equals(JsonNode value) implements ClaimCondition {

		@Override
		public boolean test(JsonNode claim) {
			return present(claim) && sameValue(claim, this.value);
		}

		@Override
		public String expected() {
			return this.value.toString();
		}

	}

	/** The claim is one of these values. */
	record OneOf(List<JsonNode> values) implements ClaimCondition {

		@Override
		public boolean test(JsonNode claim) {
			return present(claim) && this.values.stream().anyMatch((value) -> sameValue(claim, value));
		}

		@Override
		public String expected() {
			return "one of " + this.values;
		}

	}

	/**
	 * The claim is a string matching the pattern: {@code *} any run of characters,
	 * {@code ?} one.
	 */
	record Glob(String pattern, Pattern regex) implements ClaimCondition {

		static Glob of(String pattern) {
			StringBuilder regex = new StringBuilder();
			for (char c : pattern.toCharArray()) {
				switch (c) {
					case '*' -> regex.append(".*");
					case '?' -> regex.append('.');
					default -> regex.append(Pattern.quote(String.valueOf(c)));
				}
			}
			return new Glob(pattern, Pattern.compile(regex.toString(), Pattern.DOTALL));
		}

		@Override
		public boolean test(JsonNode claim) {
			return present(claim) && claim.isString() && this.regex.matcher(claim.stringValue()).matches();
		}

		@Override
		public String expected() {
			return "glob \"" + this.pattern + "\"";
		}

	}

	/** The claim is present and does not meet the inner condition. */
	record Not(ClaimCondition inner) implements ClaimCondition {

		@Override
		public boolean test(JsonNode claim) {
			return present(claim) && !this.inner.test(claim);
		}

		@Override
		public String expected() {
			return "not " + this.inner.expected();
		}

	}

	/** The claim is present and none of these values. */
	record NotOneOf(List<JsonNode> values) implements ClaimCondition {

		@Override
		public boolean test(JsonNode claim) {
			return present(claim) && this.values.stream().noneMatch((value) -> sameValue(claim, value));
		}

		@Override
		public String expected() {
			return "none of " + this.values;
		}

	}

}
