package dev.sigil.issuer.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.sigil.issuer.trust.AwsConditionOperator.SetOperator;
import dev.sigil.issuer.trust.AwsRequestContext.Lookup;
import dev.sigil.issuer.trust.AwsRequestContext.State;
import dev.sigil.issuer.trust.AwsTrustEvaluation.ConditionResult;
import dev.sigil.issuer.trust.AwsTrustEvaluation.Outcome;

/**
 * Checks one condition key under one operator against the token's values, as IAM would.
 */
final class AwsConditionCheck {

	private AwsConditionCheck() {
	}

	static ConditionResult check(AwsConditionOperator operator, String key, List<String> expected,
			AwsRequestContext context) {
		Lookup actual = context.lookup(key);
		String head = quoted(key) + " " + operator.name() + " " + rendered(expected) + ": ";
		if (!operator.evaluated()) {
			return result(operator, key, expected, actual, Outcome.NOT_CHECKED,
					head + "not checked (this check knows the string operators and Null only)");
		}
		if (actual.state() == State.UNKNOWN) {
			return result(operator, key, expected, actual, Outcome.NOT_CHECKED, head + "not checked: " + actual.note());
		}
		boolean absent = actual.state() == State.ABSENT;
		String has = absent ? "token gives no value" : "token has " + rendered(actual.values());
		if (operator.isNull()) {
			boolean wantsAbsent = expected.stream().anyMatch("true"::equalsIgnoreCase);
			boolean ok = absent == wantsAbsent;
			return result(operator, key, expected, actual, ok ? Outcome.PASS : Outcome.FAIL,
					head + has + ": " + (ok ? "ok" : (absent ? "absent" : "present")));
		}
		if (absent) {
			return absent(operator, key, expected, actual, head + has + ": ");
		}
		List<AwsPattern> patterns = patterns(operator, expected);
		if (patterns == null) {
			return result(operator, key, expected, actual, Outcome.NOT_CHECKED,
					head + "not checked: a value holds a policy variable, which the request fills in");
		}
		Predicate<String> matches = (value) -> patterns.stream().anyMatch((p) -> p.matches(value));
		Predicate<String> satisfies = operator.negated() ? matches.negate() : matches;
		boolean ok = switch (operator.setOperator()) {
			case FOR_ALL_VALUES -> actual.values().stream().allMatch(satisfies);
			case FOR_ANY_VALUE -> actual.values().stream().anyMatch(satisfies);
			// A plain operator on several values: read as "any value matches" (IAM asks
			// for a set operator).
			case NONE -> operator.negated() ? actual.values().stream().noneMatch(matches)
					: actual.values().stream().anyMatch(matches);
		};
		return result(operator, key, expected, actual, ok ? Outcome.PASS : Outcome.FAIL,
				head + has + ": " + words(operator, ok));
	}

	/**
	 * How each expected value matches, or null when one needs the request to resolve a
	 * policy variable.
	 */
	private static List<AwsPattern> patterns(AwsConditionOperator operator, List<String> expected) {
		List<AwsPattern> patterns = new ArrayList<>();
		for (String value : expected) {
			AwsPattern pattern = AwsPattern.of(value, operator.like(), operator.ignoreCase());
			if (pattern == null) {
				return null;
			}
			patterns.add(pattern);
		}
		return patterns;
	}

	/** IAM's rules for a key the request does not have. */
	private static ConditionResult absent(AwsConditionOperator operator, String key, List<String> expected,
			Lookup actual, String head) {
		if (operator.ifExists()) {
			return result(operator, key, expected, actual, Outcome.PASS, head + "ok, IfExists passes a missing key");
		}
		if (operator.setOperator() == SetOperator.FOR_ALL_VALUES) {
			return result(operator, key, expected, actual, Outcome.PASS,
					head + "ok, ForAllValues passes a missing key (an empty set)");
		}
		if (operator.setOperator() == SetOperator.NONE && operator.negated()) {
			return result(operator, key, expected, actual, Outcome.PASS,
					head + "ok, a negated operator passes a missing key");
		}
		return result(operator, key, expected, actual, Outcome.FAIL, head + "missing key, no match");
	}

	private static String words(AwsConditionOperator operator, boolean ok) {
		if (operator.negated()) {
			return ok ? "no match, as the operator requires" : "matches, which the operator forbids";
		}
		if (ok) {
			return "match";
		}
		return switch (operator.setOperator()) {
			case FOR_ALL_VALUES -> "not every value matches";
			case FOR_ANY_VALUE -> "no value matches";
			case NONE -> "no match";
		};
	}

	private static ConditionResult result(AwsConditionOperator operator, String key, List<String> expected,
			Lookup actual, Outcome outcome, String explanation) {
		return new ConditionResult(key, operator.name(), expected, actual.values(), outcome, explanation);
	}

	/** One value in quotes, several as a list. */
	static String rendered(List<String> values) {
		if (values.size() == 1) {
			return quoted(values.get(0));
		}
		return values.stream().map(AwsConditionCheck::quoted).collect(Collectors.joining(", ", "[", "]"));
	}

	static String quoted(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
