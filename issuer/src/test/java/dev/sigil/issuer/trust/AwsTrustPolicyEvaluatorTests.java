package dev.sigil.issuer.trust;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.trust.AwsTrustEvaluation.Outcome;
import dev.sigil.issuer.trust.AwsTrustEvaluation.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Trust policies, the generator's and hand-written ones, against tokens: the generator's
 * policy lets its app (or machine) in and keeps others out, and each refusal names the
 * condition that failed.
 */
class AwsTrustPolicyEvaluatorTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String HOST = TestMachine.HOST_PATH;

	private static final String ACCOUNT = "123456789012";

	private static final String PROVIDER = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + HOST;

	private static final TrustConfigGenerator GENERATOR = new TrustConfigGenerator();

	private final AwsTrustPolicyEvaluator evaluator = new AwsTrustPolicyEvaluator();

	static Stream<Arguments> rules() {
		TestMachine web = TestMachine.web();
		TestMachine ids = web.template(TrustSubject.IDS);
		JsonNode names = generated(web.appSubject());
		JsonNode byIds = generated(ids.appSubject());
		JsonNode pinned = generated(web.machineSubject());
		return Stream.of(arguments("right app allowed", names, web, Verdict.ALLOWED, "statement 1 (Allow) applies"),
				arguments("other app refused on sub", names, web.app("api", TestMachine.API), Verdict.REFUSED,
						"\"" + HOST + ":sub\" StringLike \"acme:web:*\": token has \"acme:api:m1\": no match"),
				arguments("renamed app under ids allowed", byIds, ids.app("storefront", TestMachine.WEB),
						Verdict.ALLOWED, "applies"),
				arguments("renamed app under names refused", names, web.app("storefront", TestMachine.WEB),
						Verdict.REFUSED, "token has \"acme:storefront:m1\": no match"),
				arguments("other app under ids refused", byIds, ids.app("web", TestMachine.API), Verdict.REFUSED,
						"StringLike \"" + TestMachine.ACME + ":" + TestMachine.WEB + ":*\""),
				arguments("wrong aud refused", names, web.audiences("vault"), Verdict.REFUSED,
						"\"" + HOST + ":aud\" StringEquals \"sts.amazonaws.com\": token has \"vault\": no match"),
				arguments("pinned machine allowed", pinned, web, Verdict.ALLOWED, "applies"),
				arguments("pinned: other machine refused", pinned, web.machine("m2", TestMachine.M2), Verdict.REFUSED,
						"StringEquals \"acme:web:m1\": token has \"acme:web:m2\": no match"),
				arguments("case mismatch refused by StringEquals",
						policy("{\"StringEquals\":{\"%s:sub\":\"acme:web:M1\"}}"), web, Verdict.REFUSED,
						"token has \"acme:web:m1\": no match"),
				arguments("case mismatch allowed by StringEqualsIgnoreCase",
						policy("{\"StringEqualsIgnoreCase\":{\"%s:sub\":\"acme:web:M1\"}}"), web, Verdict.ALLOWED,
						"applies"),
				arguments("StringLike is case-sensitive", policy("{\"StringLike\":{\"%s:sub\":\"ACME:web:*\"}}"), web,
						Verdict.REFUSED, "no match"),
				arguments("condition key names ignore case",
						policy("{\"StringEquals\":{\"ID.Example.COM/ACME:SUB\":\"acme:web:m1\"}}"), web,
						Verdict.ALLOWED, "applies"),
				arguments("? matches one character", policy("{\"StringLike\":{\"%s:sub\":\"acme:web:m?\"}}"), web,
						Verdict.ALLOWED, "applies"),
				arguments("? matches no more than one", policy("{\"StringLike\":{\"%s:sub\":\"acme:web:m?\"}}"),
						web.machine("m10", TestMachine.M2), Verdict.REFUSED, "token has \"acme:web:m10\": no match"),
				arguments("values of one key are ORed",
						policy("{\"StringEquals\":{\"%s:sub\":[\"acme:web:m9\",\"acme:web:m1\"]}}"), web,
						Verdict.ALLOWED, "applies"),
				arguments("ForAnyValue with several aud allowed",
						policy("{\"ForAnyValue:StringEquals\":{\"%s:aud\":\"sts.amazonaws.com\"}}"),
						web.audiences("vault", "sts.amazonaws.com"), Verdict.ALLOWED, "applies"),
				arguments("ForAllValues with several aud refused",
						policy("{\"ForAllValues:StringEquals\":{\"%s:aud\":\"sts.amazonaws.com\"}}"),
						web.audiences("vault", "sts.amazonaws.com"), Verdict.REFUSED, "not every value matches"),
				arguments("IfExists passes a missing key", policy(
						"{\"StringEqualsIfExists\":{\"%s:amr\":\"mfa\"},\"StringEquals\":{\"%s:sub\":\"acme:web:m1\"}}"),
						web, Verdict.ALLOWED, "applies"),
				arguments("missing key fails without IfExists", policy("{\"StringEquals\":{\"%s:amr\":\"mfa\"}}"), web,
						Verdict.REFUSED,
						"\"" + HOST + ":amr\" StringEquals \"mfa\": token gives no value: missing key"),
				arguments("negated operator passes a missing key", policy("{\"StringNotEquals\":{\"%s:amr\":\"mfa\"}}"),
						web, Verdict.ALLOWED, "applies"),
				arguments("StringNotLike keeps a machine out",
						policy("{\"StringNotLike\":{\"%s:sub\":\"acme:web:m2\"}}"), web.machine("m2", TestMachine.M2),
						Verdict.REFUSED, "matches, which the operator forbids"),
				arguments("Deny statement overrides Allow", withDeny(names, "acme:web:m1"), web, Verdict.REFUSED,
						"refused: statement 2 (Deny) applies"),
				arguments("Deny for another machine leaves Allow", withDeny(names, "acme:web:m2"), web, Verdict.ALLOWED,
						"allowed: statement 1 (Allow)"),
				arguments("aws: key cannot be decided from the token", policy(
						"{\"IpAddress\":{\"aws:SourceIp\":\"192.0.2.0/24\"},\"StringEquals\":{\"%s:sub\":\"acme:web:m1\"}}"),
						web, Verdict.UNDETERMINED, "not checked"),
				arguments("provider of another issuer refused",
						generated(web.issuer("https://id.example.com/other").appSubject()), web, Verdict.REFUSED,
						"no Allow statement for sts:AssumeRoleWithWebIdentity names the provider of " + HOST),
				arguments("another action refused", json("""
						{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"%s"},
						 "Action":"sts:AssumeRole"}}""".formatted(PROVIDER)), web, Verdict.REFUSED,
						"no Allow statement"),
				arguments("sts:* and a Statement object allowed", json("""
						{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":["x","%s"]},
						 "Action":["s3:GetObject","sts:*"]}}""".formatted(PROVIDER)), web, Verdict.ALLOWED, "applies"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void evaluateWhenPolicyAndTokenThenVerdictNamesReason(String rule, JsonNode policy, TestMachine token,
			Verdict verdict, String reason) {
		AwsTrustEvaluation evaluation = this.evaluator.evaluate(policy, token.claims(), HOST);
		assertThat(evaluation.verdict()).as(evaluation.summary()).isEqualTo(verdict);
		assertThat(evaluation.summary()).contains(reason);
	}

	@ParameterizedTest(name = "{0}, pinned {1}")
	@CsvSource({ "names, false", "names, true", "ids, false", "ids, true" })
	void awsTrustPolicyWhenGeneratedThenAllowsItsOwnAndRefusesOthers(String template, boolean pinned) {
		TestMachine own = TestMachine.web().template(template);
		JsonNode policy = generated(pinned ? own.machineSubject() : own.appSubject());
		assertThat(this.evaluator.evaluate(policy, own.claims(), HOST).allowed()).isTrue();
		assertThat(this.evaluator.evaluate(policy, own.machine("m2", TestMachine.M2).claims(), HOST).allowed())
			.isEqualTo(!pinned);
		assertThat(this.evaluator.evaluate(policy, own.app("api", TestMachine.API).claims(), HOST).verdict())
			.isEqualTo(Verdict.REFUSED);
		assertThat(this.evaluator.evaluate(policy, own.audiences("vault").claims(), HOST).verdict())
			.isEqualTo(Verdict.REFUSED);
	}

	@Test
	void awsTrustPolicyWhenNameHoldsWildcardsThenTheyMatchOnlyThemselves() {
		TestMachine odd = TestMachine.web().app("w*b?$x", TestMachine.WEB).machine("m${1}", TestMachine.M1);
		JsonNode appWide = generated(odd.appSubject());
		JsonNode pinned = generated(odd.machineSubject());
		assertThat(this.evaluator.evaluate(appWide, odd.claims(), HOST).allowed()).isTrue();
		assertThat(this.evaluator.evaluate(pinned, odd.claims(), HOST).allowed()).isTrue();
		for (String lookalike : new String[] { "wxxb?$x", "w*bz$x" }) {
			assertThat(this.evaluator.evaluate(appWide, odd.app(lookalike, TestMachine.API).claims(), HOST).allowed())
				.as(lookalike)
				.isFalse();
		}
	}

	@Test
	void evaluateWhenStatementsThenReportsEachConditionInPlainWords() {
		TestMachine web = TestMachine.web();
		AwsTrustEvaluation evaluation = this.evaluator.evaluate(generated(web.appSubject()),
				web.app("api", TestMachine.API).claims(), "https://" + HOST + "/");
		assertThat(evaluation.statements()).singleElement().satisfies((statement) -> {
			assertThat(statement.principal()).isEqualTo(Outcome.PASS);
			assertThat(statement.principalExplanation()).contains(PROVIDER);
			assertThat(statement.conditions())
				.extracting(
						(c) -> c.key() + " " + c.operator() + " " + c.expected() + " " + c.actual() + " " + c.outcome())
				.containsExactly(HOST + ":aud StringEquals [sts.amazonaws.com] [sts.amazonaws.com] PASS",
						HOST + ":sub StringLike [acme:web:*] [acme:api:m1] FAIL");
		});
	}

	@Test
	void evaluateWhenNoStatementThenRefusesThePolicy() {
		assertThatExceptionOfType(SigilException.class).isThrownBy(
				() -> this.evaluator.evaluate(json("{\"Version\":\"2012-10-17\"}"), TestMachine.web().claims(), HOST))
			.withMessageContaining("Statement");
	}

	private static JsonNode generated(TrustSubject subject) {
		return GENERATOR.aws(subject, ACCOUNT).get("trust_policy");
	}

	/**
	 * A policy of one Allow statement for this issuer's provider with the condition given
	 * ({@code %s}: host).
	 */
	private static JsonNode policy(String condition) {
		return json("""
				{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%s"},
				 "Action":"sts:AssumeRoleWithWebIdentity","Condition":%s}]}""".formatted(PROVIDER,
				condition.replace("%s", HOST)));
	}

	private static JsonNode withDeny(JsonNode policy, String sub) {
		JsonNode copy = policy.deepCopy();
		((ArrayNode) copy.get("Statement")).add(json("""
				{"Effect":"Deny","Principal":{"Federated":"%s"},"Action":"sts:AssumeRoleWithWebIdentity",
				 "Condition":{"StringEquals":{"%s:sub":"%s"}}}""".formatted(PROVIDER, HOST, sub)));
		return copy;
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
