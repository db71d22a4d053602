package dev.sigil.issuer.trust;

import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JWT authenticator for the API server's structured authentication configuration
 * (stable as {@code apiserver.config.k8s.io/v1} since Kubernetes 1.34; 1.30 to 1.33 read
 * the same fields as {@code v1beta1}). Its claim rules name the app and machine by id;
 * the username is the {@code sub} behind a {@value #PREFIX} prefix, the group the org and
 * app in the subject template's terms, and the uid the machine's id.
 *
 * @see <a href=
 * "https://kubernetes.io/docs/reference/config-api/apiserver-config.v1/">kube-apiserver
 * Configuration (v1)</a>
 */
final class KubernetesTrustConfig {

	static final String DEFAULT_AUDIENCE = "kubernetes";

	static final String API_VERSION = "apiserver.config.k8s.io/v1";

	/**
	 * Keeps Sigil's machines apart from the cluster's own users and other issuers' ones.
	 */
	static final String PREFIX = "sigil:";

	private KubernetesTrustConfig() {
	}

	static ObjectNode generate(TrustSubject subject) {
		String audience = subject.audienceOr(DEFAULT_AUDIENCE);
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		out.put("audience", audience);
		ObjectNode configuration = out.putObject("authentication_configuration");
		configuration.put("apiVersion", API_VERSION);
		configuration.put("kind", "AuthenticationConfiguration");
		ObjectNode jwt = configuration.putArray("jwt").addObject();
		ObjectNode issuer = jwt.putObject("issuer");
		issuer.put("url", subject.issuerUrl());
		issuer.putArray("audiences").add(audience);
		issuer.put("audienceMatchPolicy", "MatchAny");
		ArrayNode rules = jwt.putArray("claimValidationRules");
		rule(rules, Cel.claimEquals("claims", "app_id", subject.appId().toString()),
				"the token is not of app " + subject.orgSlug() + "/" + subject.appName());
		if (subject.machinePinned()) {
			rule(rules, Cel.claimEquals("claims", "machine_id", subject.machineId().toString()),
					"the token is not of machine " + subject.machineName());
		}
		ObjectNode mappings = jwt.putObject("claimMappings");
		ObjectNode username = mappings.putObject("username");
		username.put("claim", "sub");
		username.put("prefix", PREFIX);
		mappings.putObject("groups")
			.put("expression", subject.idsTemplate() ? Cel.quote(PREFIX) + " + claims.org_id + ':' + claims.app_id"
					: Cel.quote(PREFIX) + " + claims.org_name + ':' + claims.app_name");
		mappings.putObject("uid").put("claim", "machine_id");
		TrustConfigGenerator.warnings(out, subject.httpsIssuer() ? List.of()
				: List.of("the API server takes only https:// issuer URLs; this issuer is " + subject.issuerUrl()));
		return out;
	}

	private static void rule(ArrayNode rules, String expression, String message) {
		ObjectNode rule = rules.addObject();
		rule.put("expression", expression);
		rule.put("message", message);
	}

}
