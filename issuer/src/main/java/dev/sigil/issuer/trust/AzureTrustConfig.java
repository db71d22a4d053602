package dev.sigil.issuer.trust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.sigil.issuer.error.SigilException;

/**
 * A federated identity credential letting one machine's tokens act as a Microsoft Entra
 * app registration or user-assigned managed identity. Entra compares {@code subject} with
 * the token's {@code sub} exactly. Its flexible credentials
 * ({@code claimsMatchingExpression}, with wildcards) accept tokens only from GitHub,
 * GitLab and Terraform Cloud, so a whole app cannot be trusted with one credential: the
 * machine must be named, and an app-wide request is refused saying so.
 *
 * @see <a href=
 * "https://learn.microsoft.com/en-us/graph/api/resources/federatedidentitycredential">federatedIdentityCredential
 * resource type</a>
 * @see <a href=
 * "https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials">Flexible
 * federated identity credentials</a>
 */
final class AzureTrustConfig {

	static final String DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

	// Entra keeps issuer, subject, audience and description to 600 characters each, and
	// the name to 120.
	private static final int MAX_VALUE = 600;

	private static final int MAX_NAME = 120;

	private AzureTrustConfig() {
	}

	static ObjectNode generate(TrustSubject subject) {
		if (!subject.machinePinned()) {
			throw SigilException.invalid("Azure matches a federated credential's subject exactly, and its flexible "
					+ "(wildcard) credentials accept only GitHub, GitLab and Terraform Cloud tokens: name the machine "
					+ "to trust (one credential each, at most 20 per identity)");
		}
		String audience = subject.audienceOr(DEFAULT_AUDIENCE);
		String sub = subject.machineSubject();
		for (String value : List.of(subject.issuerUrl(), sub, audience)) {
			if (value.length() > MAX_VALUE) {
				throw SigilException.invalid("Azure takes issuers, subjects and audiences of at most " + MAX_VALUE
						+ " characters, got " + value.length());
			}
		}
		String name = credentialName(subject);

		ObjectNode out = JsonNodeFactory.instance.objectNode();
		out.put("audience", audience);
		ObjectNode credential = out.putObject("federated_identity_credential");
		credential.put("name", name);
		credential.put("issuer", subject.issuerUrl());
		credential.put("subject", sub);
		credential.putArray("audiences").add(audience);
		String description = "Sigil machine " + sub;
		credential.put("description",
				(description.length() > MAX_VALUE) ? description.substring(0, MAX_VALUE) : description);
		out.put("terraform", terraform(subject, name, sub, audience));
		TrustConfigGenerator.warnings(out, subject.httpsIssuer() ? List.of()
				: List.of("Entra takes only https:// issuers; this issuer is " + subject.issuerUrl()));
		return out;
	}

	/**
	 * {@code sigil_org_app_machine}: letters, digits, hyphens and underscores, at most
	 * 120 characters.
	 */
	private static String credentialName(TrustSubject subject) {
		return subject.name("sigil_", "[^A-Za-z0-9_-]", MAX_NAME);
	}

	private static String terraform(TrustSubject subject, String name, String sub, String audience) {
		// azurerm 4.66 has user_assigned_identity_id, which replaces parent_id and
		// resource_group_name.
		Map<String, String> azurerm = new LinkedHashMap<>();
		azurerm.put("source", "hashicorp/azurerm");
		azurerm.put("version", ">= 4.66");
		List<Hcl.Block> blocks = new ArrayList<>();
		blocks.add(Hcl.Block.of("terraform").block(Hcl.Block.of("required_providers").map("azurerm", azurerm)));
		blocks.add(Hcl.Block.of("variable", "user_assigned_identity_id")
			.string("description", "Resource id of the user-assigned managed identity the machine acts as")
			.attribute("type", "string"));
		blocks.add(Hcl.Block.of("resource", "azurerm_federated_identity_credential", "sigil")
			.string("name", name)
			.attribute("user_assigned_identity_id", "var.user_assigned_identity_id")
			.string("issuer", subject.issuerUrl())
			.string("subject", sub)
			.attribute("audience", Hcl.list(List.of(audience))));
		return Hcl.document(List.of(), blocks);
	}

}
