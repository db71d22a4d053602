package dev.sigil.issuer.trust;

import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes what a relying party needs to trust an app's (or one machine's) tokens: the
 * configuration as its API takes it, and Terraform for the clouds. Every answer names, as
 * {@code audience}, the {@code aud} the machine must ask for, and lists under
 * {@code warnings} what the relying party will refuse (such as an issuer that is not
 * https).
 */
public final class TrustConfigGenerator {

	/**
	 * AWS: {@code oidc_provider} ({@code url}, {@code client_id_list}, {@code arn}),
	 * {@code trust_policy} for {@code sts:AssumeRoleWithWebIdentity} with conditions on
	 * {@code <host/path>:aud} and {@code <host/path>:sub}, and {@code terraform}.
	 * @param accountId the 12-digit account, or null for
	 * {@value AwsTrustConfig#ACCOUNT_PLACEHOLDER}
	 */
	public ObjectNode aws(TrustSubject subject, String accountId) {
		return AwsTrustConfig.generate(subject, accountId);
	}

	/**
	 * Google Cloud: a workload identity pool {@code provider} (OIDC issuer, audiences,
	 * attribute mapping and condition), the {@code principal} set to grant roles to, an
	 * executable-sourced {@code credential_configuration} running the agent, and
	 * {@code terraform}.
	 */
	public ObjectNode gcp(TrustSubject subject, GcpWorkloadPool pool) {
		return GcpTrustConfig.generate(subject, pool);
	}

	/**
	 * Azure: a {@code federated_identity_credential} for a user-assigned managed identity
	 * or an app registration, and {@code terraform}. Only a pinned machine can be trusted
	 * (see {@link AzureTrustConfig}).
	 */
	public ObjectNode azure(TrustSubject subject) {
		return AzureTrustConfig.generate(subject);
	}

	/**
	 * HashiCorp Vault: the JWT {@code auth_method} configuration and a {@code role} bound
	 * to the app or machine.
	 */
	public ObjectNode vault(TrustSubject subject) {
		return VaultTrustConfig.generate(subject);
	}

	/**
	 * Kubernetes: the API server's structured {@code authentication_configuration} with
	 * one JWT authenticator.
	 */
	public ObjectNode kubernetes(TrustSubject subject) {
		return KubernetesTrustConfig.generate(subject);
	}

	/** Adds {@code warnings} to an answer, when there are any. */
	static void warnings(ObjectNode answer, List<String> warnings) {
		if (!warnings.isEmpty()) {
			ArrayNode array = answer.putArray("warnings");
			warnings.forEach(array::add);
		}
	}

}
