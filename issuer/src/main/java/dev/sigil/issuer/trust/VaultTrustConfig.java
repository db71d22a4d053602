package dev.sigil.issuer.trust;

import java.util.List;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.sigil.issuer.error.SigilException;

/**
 * A Vault JWT auth method that discovers the org's issuer, and a role bound to the app's
 * (or the machine's) {@code sub} and to the audience. Bound claim values are given as
 * lists, so that a comma in a name is never read as a separator.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/jwt">JWT/OIDC auth
 * method (API)</a>
 */
final class VaultTrustConfig {

	static final String DEFAULT_AUDIENCE = "vault";

	private VaultTrustConfig() {
	}

	static ObjectNode generate(TrustSubject subject) {
		String audience = subject.audienceOr(DEFAULT_AUDIENCE);
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		out.put("audience", audience);
		ObjectNode method = out.putObject("auth_method");
		method.put("type", "jwt");
		ObjectNode config = method.putObject("config");
		config.put("oidc_discovery_url", subject.issuerUrl());
		config.put("bound_issuer", subject.issuerUrl());
		// A role's name is a segment of its path (auth/jwt/role/<name>).
		out.put("role_name", subject.name("sigil_", "[^A-Za-z0-9._-]", 128));
		ObjectNode role = out.putObject("role");
		role.put("role_type", "jwt");
		role.put("user_claim", "sub");
		role.putArray("bound_audiences").add(audience);
		if (subject.machinePinned()) {
			role.put("bound_claims_type", "string");
			ObjectNode bound = role.putObject("bound_claims");
			bound.putArray("sub").add(subject.machineSubject());
			// The ids too: a machine made again under the name has a new one (as in the
			// GCP condition).
			bound.putArray("machine_id").add(subject.machineId().toString());
			bound.putArray("app_id").add(subject.appId().toString());
		}
		else {
			// Vault's globs know only '*', with no escape for a literal one.
			if (subject.appSubjectPrefix().contains("*")) {
				throw SigilException.invalid("'" + subject.appSubjectPrefix() + "' holds a '*', which a Vault glob "
						+ "would read as a wildcard: name the machine to trust instead");
			}
			role.put("bound_claims_type", "glob");
			ObjectNode bound = role.putObject("bound_claims");
			bound.putArray("sub").add(subject.appSubjectPattern());
			bound.putArray("app_id").add(subject.appId().toString());
		}
		ObjectNode mappings = role.putObject("claim_mappings");
		for (String claim : List.of("org_id", "app_id", "app_name", "machine_id", "machine_name", "region")) {
			mappings.put(claim, claim);
		}
		return out;
	}

}
