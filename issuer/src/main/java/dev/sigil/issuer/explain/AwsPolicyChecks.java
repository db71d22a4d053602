package dev.sigil.issuer.explain;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.explain.Explanation.Check;
import dev.sigil.issuer.explain.TokenExplainer.PolicyCheck;
import dev.sigil.issuer.trust.AwsTrustEvaluation;
import dev.sigil.issuer.trust.AwsTrustEvaluation.ConditionResult;
import dev.sigil.issuer.trust.AwsTrustEvaluation.Outcome;
import dev.sigil.issuer.trust.AwsTrustEvaluation.StatementResult;
import dev.sigil.issuer.trust.AwsTrustPolicyEvaluator;

/**
 * The token debugger's checks of an AWS role trust policy: one per statement and
 * condition that decides.
 */
public final class AwsPolicyChecks implements PolicyCheck {

	private static final int MAX_DETAIL = 600;

	private final JsonNode policy;

	private AwsPolicyChecks(JsonNode policy) {
		this.policy = policy;
	}

	/**
	 * The checks of the given policy document (JSON text), or null when none was given.
	 */
	public static AwsPolicyChecks parse(String policy) {
		if (policy == null || policy.isBlank()) {
			return null;
		}
		try {
			return of(JsonMapper.shared().readTree(policy));
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw SigilException.invalid("The AWS trust policy is not valid JSON");
		}
	}

	/** The checks of the given policy document, or null when none was given. */
	public static AwsPolicyChecks of(JsonNode policy) {
		if (policy == null || policy.isNull()) {
			return null;
		}
		if (!policy.isObject() || policy.get("Statement") == null) {
			throw SigilException.invalid("aws_trust_policy must be an IAM policy document with a Statement");
		}
		return new AwsPolicyChecks(policy);
	}

	@Override
	public List<Check> check(String issuer, Map<String, Object> claims) {
		URI uri = URI.create(issuer);
		String hostPath = uri.getAuthority() + ((uri.getPath() != null) ? uri.getPath() : "");
		AwsTrustEvaluation evaluation = new AwsTrustPolicyEvaluator().evaluate(this.policy,
				JsonMapper.shared().valueToTree(claims), hostPath);
		List<Check> checks = new ArrayList<>();
		boolean allowed = evaluation.allowed();
		for (StatementResult statement : evaluation.statements()) {
			// An allowed call is explained by the statements that allow it; a refused one
			// by every
			// statement that could have and the condition that stopped it.
			if (!statement.coversAction() || (allowed && statement.outcome() != Outcome.PASS)) {
				continue;
			}
			String where = "Statement " + statement.index() + " (" + statement.effect() + ")";
			if (statement.principal() == Outcome.FAIL) {
				checks.add(new Check("aws_principal", false, shorten(where + ": " + statement.principalExplanation())));
			}
			for (ConditionResult condition : statement.conditions()) {
				checks.add(new Check("aws_condition", allowed || condition.outcome() != Outcome.FAIL,
						shorten(where + ": " + condition.explanation())));
			}
		}
		checks.add(new Check("aws_trust_policy", evaluation.allowed(), shorten(evaluation.summary())));
		return checks;
	}

	/**
	 * An explanation repeats the policy's values and the token's: keep each one readable
	 * and bounded.
	 */
	private static String shorten(String text) {
		return (text.length() <= MAX_DETAIL) ? text : text.substring(0, MAX_DETAIL) + "...";
	}

}
