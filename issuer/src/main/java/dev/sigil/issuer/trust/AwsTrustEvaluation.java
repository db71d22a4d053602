package dev.sigil.issuer.trust;

import java.util.List;

/**
 * Whether a role's trust policy lets a token call {@code sts:AssumeRoleWithWebIdentity},
 * with each statement's and each condition's outcome in plain words.
 *
 * @param summary one sentence: which statement allows, or why none does
 */
public record AwsTrustEvaluation(Verdict verdict, String summary, List<StatementResult> statements) {

	public AwsTrustEvaluation {
		statements = List.copyOf(statements);
	}

	/** Whether the call would be allowed. */
	public boolean allowed() {
		return this.verdict == Verdict.ALLOWED;
	}

	/** The overall answer. */
	public enum Verdict {

		/** An Allow statement applies and no Deny statement does. */
		ALLOWED,

		/** No Allow statement applies, or a Deny statement does. */
		REFUSED,

		/**
		 * The answer hangs on a condition that the token alone cannot decide (such as
		 * {@code aws:SourceIp}).
		 */
		UNDETERMINED

	}

	/** The outcome of a condition, of a principal match or of a whole statement. */
	public enum Outcome {

		PASS, FAIL, NOT_CHECKED

	}

	/**
	 * One statement of the policy.
	 *
	 * @param index the statement's place in the policy, from 1
	 * @param effect {@code Allow} or {@code Deny}
	 * @param coversAction whether its {@code Action} (or {@code NotAction}) covers
	 * {@code sts:AssumeRoleWithWebIdentity}; a statement that does not is not evaluated
	 * further
	 * @param principal whether its principal names this issuer's OIDC provider
	 * @param outcome whether the statement applies to the token
	 */
	public record StatementResult(int index, String effect, boolean coversAction, Outcome principal,
			String principalExplanation, List<ConditionResult> conditions, Outcome outcome, String explanation) {

		public StatementResult {
			conditions = List.copyOf(conditions);
		}

	}

	/**
	 * One condition key under one operator.
	 *
	 * @param expected the policy's values, any of which may match
	 * @param actual the token's values for the key, empty when the token gives it none
	 * @param explanation such as
	 * {@code "id.example.com/acme:sub" StringLike "acme:web:*": token has
	 * "acme:api:m1": no match}
	 */
	public record ConditionResult(String key, String operator, List<String> expected, List<String> actual,
			Outcome outcome, String explanation) {

		public ConditionResult {
			expected = List.copyOf(expected);
			actual = List.copyOf(actual);
		}

	}

}
