package dev.sigil.issuer.trust;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.sigil.issuer.error.SigilException;

/**
 * An IAM OIDC provider for the org's issuer and a role trust policy letting the app's (or
 * the machine's) tokens call {@code sts:AssumeRoleWithWebIdentity}.
 *
 * @see <a href=
 * "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html">Create
 * a role for OpenID Connect federation</a>
 */
final class AwsTrustConfig {

	static final String DEFAULT_AUDIENCE = "sts.amazonaws.com";

	/**
	 * Stands for the account id when none is given: written as a shell variable so that
	 * {@code envsubst} fills it in, and refused by IAM (no policy variable is allowed in
	 * a principal) if left in.
	 */
	static final String ACCOUNT_PLACEHOLDER = "${AWS_ACCOUNT_ID}";

	static final String ASSUME_ROLE = "sts:AssumeRoleWithWebIdentity";

	private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

	// IAM keeps client ids of an OIDC provider to 255 characters.
	private static final int MAX_CLIENT_ID = 255;

	private AwsTrustConfig() {
	}

	static ObjectNode generate(TrustSubject subject, String accountId) {
		if (accountId != null && !ACCOUNT_ID.matcher(accountId).matches()) {
			throw SigilException.invalid("an AWS account id is 12 digits, got '" + accountId + "'");
		}
		String audience = subject.audienceOr(DEFAULT_AUDIENCE);
		if (audience.length() > MAX_CLIENT_ID) {
			throw SigilException
				.invalid("AWS takes audiences (client ids) of at most " + MAX_CLIENT_ID + " characters");
		}
		String hostPath = subject.issuerHostPath();
		String providerArn = "arn:aws:iam::" + ((accountId != null) ? accountId : ACCOUNT_PLACEHOLDER)
				+ ":oidc-provider/" + hostPath;
		Condition aud = new Condition("StringEquals", hostPath + ":aud", AwsPolicyStrings.exact(audience));
		Condition sub = subjectCondition(subject, hostPath);

		ObjectNode out = JsonNodeFactory.instance.objectNode();
		out.put("audience", audience);
		ObjectNode provider = out.putObject("oidc_provider");
		provider.put("url", subject.issuerUrl());
		provider.putArray("client_id_list").add(audience);
		provider.put("arn", providerArn);
		out.set("trust_policy", trustPolicy(providerArn, List.of(aud, sub)));
		out.put("terraform", terraform(subject, audience, List.of(aud, sub)));
		TrustConfigGenerator.warnings(out, warnings(subject));
		return out;
	}

	/**
	 * The machine's exact {@code sub}, or a pattern for the app's: only the pattern needs
	 * StringLike.
	 */
	private static Condition subjectCondition(TrustSubject subject, String hostPath) {
		if (subject.machinePinned()) {
			return new Condition("StringEquals", hostPath + ":sub", AwsPolicyStrings.exact(subject.machineSubject()));
		}
		return new Condition("StringLike", hostPath + ":sub",
				AwsPolicyStrings.likeLiteral(subject.appSubjectPrefix()) + "*");
	}

	private static ObjectNode trustPolicy(String providerArn, List<Condition> conditions) {
		ObjectNode policy = JsonNodeFactory.instance.objectNode();
		policy.put("Version", "2012-10-17");
		ObjectNode statement = policy.putArray("Statement").addObject();
		statement.put("Effect", "Allow");
		statement.putObject("Principal").put("Federated", providerArn);
		statement.put("Action", ASSUME_ROLE);
		ObjectNode condition = statement.putObject("Condition");
		for (Condition each : conditions) {
			ObjectNode operator = (ObjectNode) condition.get(each.operator());
			if (operator == null) {
				operator = condition.putObject(each.operator());
			}
			operator.put(each.key(), each.value());
		}
		return policy;
	}

	private static String terraform(TrustSubject subject, String audience, List<Condition> conditions) {
		Hcl.Block statement = Hcl.Block.of("statement")
			.string("effect", "Allow")
			.attribute("actions", Hcl.list(List.of(ASSUME_ROLE)))
			.block(Hcl.Block.of("principals")
				.string("type", "Federated")
				.attribute("identifiers", "[aws_iam_openid_connect_provider.sigil.arn]"));
		for (Condition condition : conditions) {
			// aws_iam_policy_document reads "&{" as a policy variable; a literal one
			// cannot be written.
			if (condition.value().contains("&{")) {
				throw SigilException.invalid("'" + condition.value() + "' contains '&{', which Terraform's "
						+ "aws_iam_policy_document would turn into a policy variable");
			}
			statement.block(Hcl.Block.of("condition")
				.string("test", condition.operator())
				.string("variable", condition.key())
				.attribute("values", Hcl.list(List.of(condition.value()))));
		}
		return Hcl.document(
				List.of("IAM keeps one OIDC provider per issuer URL and account: import an existing one",
						"(terraform import aws_iam_openid_connect_provider.sigil <arn>) rather than create it twice."),
				List.of(Hcl.Block.of("resource", "aws_iam_openid_connect_provider", "sigil")
					.string("url", subject.issuerUrl())
					.attribute("client_id_list", Hcl.list(List.of(audience))),
						Hcl.Block.of("data", "aws_iam_policy_document", "sigil_trust").block(statement),
						Hcl.Block.of("resource", "aws_iam_role", "sigil")
							.string("name", subject.name("sigil_", "[^A-Za-z0-9+=,.@_-]", 64))
							.attribute("assume_role_policy", "data.aws_iam_policy_document.sigil_trust.json"),
						Hcl.Block.of("output", "role_arn").attribute("value", "aws_iam_role.sigil.arn")));
	}

	private static List<String> warnings(TrustSubject subject) {
		URI issuer = URI.create(subject.issuerUrl());
		if (!subject.httpsIssuer()) {
			return List.of("IAM takes only https:// OIDC provider URLs; this issuer is " + subject.issuerUrl());
		}
		if (issuer.getPort() != -1) {
			return List.of("IAM OIDC provider URLs name no port; this issuer is " + subject.issuerUrl());
		}
		return List.of();
	}

	/**
	 * One condition of the trust policy: an operator, a condition key and the value it
	 * expects.
	 */
	private record Condition(String operator, String key, String value) {
	}

}
