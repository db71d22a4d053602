package dev.sigil.issuer.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.trust.AwsTrustEvaluation.ConditionResult;
import dev.sigil.issuer.trust.AwsTrustEvaluation.Outcome;
import dev.sigil.issuer.trust.AwsTrustEvaluation.StatementResult;
import dev.sigil.issuer.trust.AwsTrustEvaluation.Verdict;

/**
 * Tells whether a role's trust policy lets a token of this issuer assume the role, and
 * why, by evaluating the policy as IAM does for {@code sts:AssumeRoleWithWebIdentity}.
 * The rules relied on:
 * <ul>
 * <li>A statement applies when its {@code Action} (or not its {@code NotAction}) covers
 * the call, with IAM's {@code *} and {@code ?} wildcards and ignoring case; when its
 * principal is {@code *} or {@code Federated} names
 * {@code arn:<partition>:iam::<account>:oidc-provider/<host/path>} of this issuer (host
 * ignoring case); and when every condition holds: operators are ANDed, keys under one
 * operator ANDed, the values of one key ORed. An explicit Deny that applies overrides any
 * Allow; with none that applies the call is denied by default.</li>
 * <li>{@code String*} operators compare case-sensitively, except the {@code IgnoreCase}
 * ones; {@code StringLike} and {@code StringNotLike} take {@code *} for any run of
 * characters and {@code ?} for one; {@code ${*}}, {@code ${?}} and {@code ${$}} are
 * literal characters. Condition key names ignore case.</li>
 * <li>A key missing from the request fails a condition, except that a negated operator
 * ({@code StringNotEquals}, {@code StringNotLike}) passes, {@code ...IfExists} passes,
 * {@code ForAllValues:} passes (an empty set) and {@code Null} tests presence itself.
 * {@code ForAnyValue:} passes when at least one of the request's values satisfies the
 * operator, {@code ForAllValues:} when every one does; a plain operator on several values
 * is read as "any".</li>
 * <li>The keys a token brings are those of {@link AwsRequestContext}. {@code aws:} and
 * {@code sts:} keys come from the request, not the token, and operators other than the
 * string ones and {@code Null} are not checked: a statement hanging on them makes the
 * verdict {@link Verdict#UNDETERMINED}.</li>
 * </ul>
 *
 * @see <a href=
 * "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html">IAM
 * JSON policy elements: condition operators</a>
 * @see <a href=
 * "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html">Single-valued
 * vs. multivalued context keys</a>
 * @see <a href=
 * "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html">Policy
 * evaluation logic</a>
 */
public final class AwsTrustPolicyEvaluator {

	/**
	 * IAM allows a role trust policy of 2,048 characters (4,096 on request): a few
	 * statements at most.
	 */
	private static final int MAX_STATEMENTS = 20;

	private static final Pattern PROVIDER_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([^:]*):oidc-provider/(.+)");

	/**
	 * Evaluates the policy for a token.
	 * @param policy the trust policy document ({@code Statement} an object or an array)
	 * @param claims the token's claims
	 * @param providerHostPath the issuer as IAM names its provider,
	 * {@code id.example.com/acme} (a scheme or trailing slash is dropped)
	 */
	public AwsTrustEvaluation evaluate(JsonNode policy, JsonNode claims, String providerHostPath) {
		String hostPath = providerHostPath.replaceFirst("(?i)^https?://", "").replaceFirst("/$", "");
		AwsRequestContext context = new AwsRequestContext(claims, hostPath);
		JsonNode statements = (policy != null) ? policy.get("Statement") : null;
		if (statements == null || !(statements.isArray() || statements.isObject())) {
			throw SigilException.invalid("a trust policy has a Statement, an object or an array");
		}
		if (statements.size() > MAX_STATEMENTS) {
			throw SigilException.invalid("a trust policy may have at most " + MAX_STATEMENTS + " statements here");
		}
		List<StatementResult> results = new ArrayList<>();
		int index = 1;
		for (JsonNode statement : statements.isArray() ? statements.values() : List.of(statements)) {
			results.add(statement(index++, statement, context, hostPath));
		}
		return verdict(results, hostPath);
	}

	private StatementResult statement(int index, JsonNode statement, AwsRequestContext context, String hostPath) {
		String effect = statement.path("Effect").asString("");
		String label = "statement " + index + " (" + effect + ")";
		if (!coversAction(statement)) {
			return new StatementResult(index, effect, false, Outcome.NOT_CHECKED, "", List.of(), Outcome.FAIL,
					label + ": its Action does not cover " + AwsTrustConfig.ASSUME_ROLE);
		}
		PrincipalMatch principal = principal(statement, hostPath);
		List<ConditionResult> conditions = conditions(statement, context);
		List<ConditionResult> failed = only(conditions, Outcome.FAIL);
		List<ConditionResult> unchecked = only(conditions, Outcome.NOT_CHECKED);
		if (principal.outcome() == Outcome.FAIL || !failed.isEmpty()) {
			return new StatementResult(index, effect, true, principal.outcome(), principal.explanation(), conditions,
					Outcome.FAIL, label + " does not apply: "
							+ ((principal.outcome() == Outcome.FAIL) ? principal.explanation() : explanations(failed)));
		}
		if (principal.outcome() == Outcome.NOT_CHECKED || !unchecked.isEmpty()) {
			return new StatementResult(index, effect, true, principal.outcome(), principal.explanation(), conditions,
					Outcome.NOT_CHECKED,
					label + " cannot be decided from the token: " + ((principal.outcome() == Outcome.NOT_CHECKED)
							? principal.explanation() : explanations(unchecked)));
		}
		return new StatementResult(index, effect, true, principal.outcome(), principal.explanation(), conditions,
				Outcome.PASS, label + " applies: " + principal.explanation() + ", and " + conditions.size()
						+ ((conditions.size() == 1) ? " condition holds" : " conditions hold"));
	}

	/** Every key under every operator of the statement's {@code Condition}, checked. */
	private static List<ConditionResult> conditions(JsonNode statement, AwsRequestContext context) {
		List<ConditionResult> conditions = new ArrayList<>();
		for (Map.Entry<String, JsonNode> operator : statement.path("Condition").properties()) {
			AwsConditionOperator parsed = AwsConditionOperator.parse(operator.getKey());
			for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
				conditions.add(AwsConditionCheck.check(parsed, key.getKey(), strings(key.getValue()), context));
			}
		}
		return conditions;
	}

	private static List<ConditionResult> only(List<ConditionResult> conditions, Outcome outcome) {
		return conditions.stream().filter((condition) -> condition.outcome() == outcome).toList();
	}

	private static boolean coversAction(JsonNode statement) {
		if (statement.has("NotAction")) {
			return strings(statement.get("NotAction")).stream().noneMatch(AwsTrustPolicyEvaluator::coversAssumeRole);
		}
		return strings(statement.path("Action")).stream().anyMatch(AwsTrustPolicyEvaluator::coversAssumeRole);
	}

	private static boolean coversAssumeRole(String action) {
		AwsPattern pattern = AwsPattern.of(action, true, true);
		return pattern != null && pattern.matches(AwsTrustConfig.ASSUME_ROLE);
	}

	private static PrincipalMatch principal(JsonNode statement, String hostPath) {
		if (statement.has("NotPrincipal")) {
			return new PrincipalMatch(Outcome.NOT_CHECKED, "it names a NotPrincipal, which is not checked here");
		}
		JsonNode principal = statement.path("Principal");
		if (principal.isString() && principal.stringValue().equals("*")) {
			return new PrincipalMatch(Outcome.PASS, "its principal is everyone (*)");
		}
		List<String> federated = strings(principal.path("Federated"));
		for (String arn : federated) {
			if (arn.equals("*")) {
				return new PrincipalMatch(Outcome.PASS, "its principal is every federated identity (*)");
			}
			Matcher matcher = PROVIDER_ARN.matcher(arn);
			if (matcher.matches() && sameProvider(matcher.group(2), hostPath)) {
				return new PrincipalMatch(Outcome.PASS, "its principal " + arn + " names this issuer's provider");
			}
		}
		return new PrincipalMatch(Outcome.FAIL, federated.isEmpty() ? "it names no Federated principal"
				: "its principal " + String.join(", ", federated) + " is not the provider of " + hostPath);
	}

	/** The same provider URL: the host ignoring case, the path exactly. */
	private static boolean sameProvider(String named, String hostPath) {
		int a = named.indexOf('/');
		int b = hostPath.indexOf('/');
		String namedHost = (a < 0) ? named : named.substring(0, a);
		String host = (b < 0) ? hostPath : hostPath.substring(0, b);
		return namedHost.equalsIgnoreCase(host)
				&& named.substring(namedHost.length()).equals(hostPath.substring(host.length()));
	}

	private static AwsTrustEvaluation verdict(List<StatementResult> results, String hostPath) {
		List<StatementResult> denies = effect(results, "Deny");
		List<StatementResult> allows = effect(results, "Allow");
		StatementResult deny = first(denies, Outcome.PASS);
		if (deny != null) {
			return new AwsTrustEvaluation(Verdict.REFUSED, "refused: " + deny.explanation(), results);
		}
		StatementResult allow = first(allows, Outcome.PASS);
		StatementResult undecided = (allow != null) ? first(denies, Outcome.NOT_CHECKED)
				: first(allows, Outcome.NOT_CHECKED);
		if (undecided != null) {
			return new AwsTrustEvaluation(Verdict.UNDETERMINED, "undetermined: " + undecided.explanation(), results);
		}
		if (allow != null) {
			return new AwsTrustEvaluation(Verdict.ALLOWED, "allowed: " + allow.explanation(), results);
		}
		List<StatementResult> naming = allows.stream().filter((s) -> s.principal() == Outcome.PASS).toList();
		String why = naming.isEmpty()
				? "no Allow statement for " + AwsTrustConfig.ASSUME_ROLE + " names the provider of " + hostPath
				: naming.stream().map(StatementResult::explanation).collect(Collectors.joining("; "));
		return new AwsTrustEvaluation(Verdict.REFUSED, "refused: " + why, results);
	}

	private static List<StatementResult> effect(List<StatementResult> results, String effect) {
		return results.stream().filter((s) -> s.coversAction() && s.effect().equalsIgnoreCase(effect)).toList();
	}

	private static StatementResult first(List<StatementResult> results, Outcome outcome) {
		return results.stream().filter((s) -> s.outcome() == outcome).findFirst().orElse(null);
	}

	private static String explanations(List<ConditionResult> conditions) {
		return conditions.stream().map(ConditionResult::explanation).collect(Collectors.joining("; "));
	}

	/** A policy value: a string, number or boolean, or an array of them. */
	private static List<String> strings(JsonNode node) {
		if (node == null || node.isMissingNode() || node.isNull()) {
			return List.of();
		}
		List<String> values = new ArrayList<>();
		for (JsonNode value : node.isArray() ? node.values() : List.of(node)) {
			if (value.isValueNode() && !value.isNull()) {
				values.add(value.asString());
			}
		}
		return values;
	}

	private record PrincipalMatch(Outcome outcome, String explanation) {
	}

}
