package dev.sigil.issuer.trust;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.sigil.issuer.error.SigilException;

/**
 * A workload identity pool provider for the org's issuer that accepts only the app's (or
 * the machine's) tokens, and the credential configuration with which Google's client
 * libraries get those tokens from the agent. The attribute condition names the app and
 * machine by id, so a new app that takes a deleted app's name is not let in, whatever the
 * subject template. Without an audience of its own the provider lists none, so Google
 * accepts its default: the provider's full resource name, with or without {@code https:}.
 *
 * @see <a href=
 * "https://cloud.google.com/iam/docs/workload-identity-federation-with-other-providers">Configure
 * workload identity federation with other identity providers</a>
 * @see <a href="https://google.aip.dev/auth/4117">AIP-4117: external account credentials
 * (executable-sourced)</a>
 */
final class GcpTrustConfig {

	/**
	 * Where the agent image installs the agent; Google's libraries run the command they
	 * are given.
	 */
	static final String AGENT_COMMAND = "/opt/sigil-agent/sigil-agent";

	// Google refuses a mapped google.subject longer than 127 bytes.
	private static final int MAX_SUBJECT_BYTES = 127;

	// Machine names are at most 63 characters (tenant Names); an app-wide sub is as long
	// as its longest.
	private static final int MAX_MACHINE_NAME = 63;

	// A provider's allowed audiences are each at most 256 characters.
	private static final int MAX_AUDIENCE = 256;

	private GcpTrustConfig() {
	}

	static ObjectNode generate(TrustSubject subject, GcpWorkloadPool given) {
		GcpWorkloadPool pool = (given != null) ? given : GcpWorkloadPool.placeholders();
		String providerAudience = "//iam.googleapis.com/" + pool.providerName();
		String audience = subject.audienceOr(providerAudience);
		if (subject.audience() != null && audience.length() > MAX_AUDIENCE) {
			throw SigilException.invalid("Google takes audiences of at most " + MAX_AUDIENCE + " characters");
		}
		if (audience.chars().anyMatch(Character::isWhitespace)) {
			throw SigilException
				.invalid("the audience is passed on the agent's command line, so it cannot hold spaces");
		}
		Map<String, String> mapping = attributeMapping(subject);
		String condition = attributeCondition(subject);
		String principal = principalAttribute(subject);

		ObjectNode out = JsonNodeFactory.instance.objectNode();
		out.put("audience", audience);
		out.set("provider", provider(subject, pool, mapping, condition));
		out.put("principal", "principalSet://iam.googleapis.com/" + pool.poolName() + "/" + principal);
		out.set("credential_configuration", credentialConfiguration(providerAudience, audience));
		out.putObject("environment").put("GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES", "1");
		out.put("terraform", terraform(subject, pool, mapping, condition, principal));
		TrustConfigGenerator.warnings(out, subject.httpsIssuer() ? List.of()
				: List.of("Google takes only https:// issuer URIs; this issuer is " + subject.issuerUrl()));
		return out;
	}

	private static ObjectNode provider(TrustSubject subject, GcpWorkloadPool pool, Map<String, String> mapping,
			String condition) {
		ObjectNode provider = JsonNodeFactory.instance.objectNode();
		provider.put("name", pool.providerName());
		ObjectNode oidc = provider.putObject("oidc");
		oidc.put("issuerUri", subject.issuerUrl());
		if (subject.audience() != null) {
			oidc.putArray("allowedAudiences").add(subject.audience());
		}
		ObjectNode attributes = provider.putObject("attributeMapping");
		mapping.forEach(attributes::put);
		provider.put("attributeCondition", condition);
		return provider;
	}

	/**
	 * {@code google.subject} is the token's {@code sub} when every sub of the app fits
	 * Google's 127 bytes; else (long names) the ids, which always fit.
	 */
	private static Map<String, String> attributeMapping(TrustSubject subject) {
		int longest = subject.machinePinned() ? utf8Length(subject.machineSubject())
				: utf8Length(subject.appSubjectPrefix()) + (subject.idsTemplate() ? 36 : MAX_MACHINE_NAME);
		Map<String, String> mapping = new LinkedHashMap<>();
		mapping.put("google.subject", (longest <= MAX_SUBJECT_BYTES) ? "assertion.sub"
				: "assertion.org_id + ':' + assertion.app_id + ':' + assertion.machine_id");
		for (String claim : List.of("org_id", "app_id", "app_name", "machine_id", "machine_name", "region")) {
			mapping.put("attribute." + claim, "assertion." + claim);
		}
		return mapping;
	}

	private static String attributeCondition(TrustSubject subject) {
		String app = Cel.claimEquals("assertion", "app_id", subject.appId().toString());
		return subject.machinePinned()
				? app + " && " + Cel.claimEquals("assertion", "machine_id", subject.machineId().toString()) : app;
	}

	/**
	 * The attribute a role binding names: {@code attribute.app_id/<id>} or
	 * {@code attribute.machine_id/<id>}.
	 */
	private static String principalAttribute(TrustSubject subject) {
		return subject.machinePinned() ? "attribute.machine_id/" + subject.machineId()
				: "attribute.app_id/" + subject.appId();
	}

	private static ObjectNode credentialConfiguration(String providerAudience, String tokenAudience) {
		ObjectNode config = JsonNodeFactory.instance.objectNode();
		config.put("type", "external_account");
		config.put("audience", providerAudience);
		config.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
		config.put("token_url", "https://sts.googleapis.com/v1/token");
		ObjectNode executable = config.putObject("credential_source").putObject("executable");
		executable.put("command", AGENT_COMMAND + " gcp-credential --aud " + tokenAudience);
		executable.put("timeout_millis", 30000);
		return config;
	}

	private static String terraform(TrustSubject subject, GcpWorkloadPool pool, Map<String, String> mapping,
			String condition, String principal) {
		List<Hcl.Block> blocks = new ArrayList<>();
		String poolId = idOrVariable(blocks, pool.poolId(), "pool_id", "Workload identity pool id");
		String providerId = idOrVariable(blocks, pool.providerId(), "provider_id",
				"Workload identity pool provider id");
		blocks.add(Hcl.Block.of("resource", "google_iam_workload_identity_pool", "sigil")
			.attribute("workload_identity_pool_id", poolId));
		Hcl.Block oidc = Hcl.Block.of("oidc").string("issuer_uri", subject.issuerUrl());
		if (subject.audience() != null) {
			oidc.attribute("allowed_audiences", Hcl.list(List.of(subject.audience())));
		}
		blocks.add(Hcl.Block.of("resource", "google_iam_workload_identity_pool_provider", "sigil")
			.attribute("workload_identity_pool_id", "google_iam_workload_identity_pool.sigil.workload_identity_pool_id")
			.attribute("workload_identity_pool_provider_id", providerId)
			.string("attribute_condition", condition)
			.map("attribute_mapping", mapping)
			.block(oidc));
		blocks.add(Hcl.Block.of("output", "principal")
			.attribute("value", "\"principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.sigil.name}/"
					+ Hcl.escape(principal) + "\""));
		return Hcl.document(List.of("A pool holds the providers of many apps: to add this one to an existing pool,",
				"set workload_identity_pool_id to that pool's id and drop the pool resource."), blocks);
	}

	/**
	 * The id as an HCL string, or, when not given, a reference to a variable declared for
	 * it.
	 */
	private static String idOrVariable(List<Hcl.Block> blocks, String id, String variable, String description) {
		if (id != null) {
			return Hcl.quote(id);
		}
		blocks.add(Hcl.Block.of("variable", variable)
			.string("description", description + ": 4-32 lower-case letters, digits and hyphens")
			.attribute("type", "string"));
		return "var." + variable;
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

}
