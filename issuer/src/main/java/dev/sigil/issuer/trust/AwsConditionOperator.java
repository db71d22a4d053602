package dev.sigil.issuer.trust;

import java.util.Set;

/**
 * A condition operator as IAM writes it: a base such as {@code StringLike}, optionally
 * behind a set operator ({@code ForAnyValue:}, {@code ForAllValues:}) and followed by
 * {@code IfExists}.
 *
 * @param name the operator as written
 * @param base the operator without set operator or {@code IfExists}
 */
record AwsConditionOperator(String name, String base, SetOperator setOperator, boolean ifExists) {

	private static final Set<String> EVALUATED = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
			"StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "Null");

	static AwsConditionOperator parse(String name) {
		String rest = name;
		SetOperator set = SetOperator.NONE;
		if (rest.regionMatches(true, 0, "ForAnyValue:", 0, 12)) {
			set = SetOperator.FOR_ANY_VALUE;
			rest = rest.substring(12);
		}
		else if (rest.regionMatches(true, 0, "ForAllValues:", 0, 13)) {
			set = SetOperator.FOR_ALL_VALUES;
			rest = rest.substring(13);
		}
		boolean ifExists = rest.endsWith("IfExists") && rest.length() > 8;
		return new AwsConditionOperator(name, ifExists ? rest.substring(0, rest.length() - 8) : rest, set, ifExists);
	}

	/**
	 * Whether this evaluator checks the operator: the string operators and {@code Null}.
	 */
	boolean evaluated() {
		return EVALUATED.contains(this.base);
	}

	boolean isNull() {
		return this.base.equals("Null");
	}

	/**
	 * Whether the operator passes when the key does not match ({@code StringNotEquals},
	 * {@code StringNotLike}).
	 */
	boolean negated() {
		return this.base.startsWith("StringNot");
	}

	boolean like() {
		return this.base.endsWith("Like");
	}

	boolean ignoreCase() {
		return this.base.endsWith("IgnoreCase");
	}

	enum SetOperator {

		NONE, FOR_ANY_VALUE, FOR_ALL_VALUES

	}

}
