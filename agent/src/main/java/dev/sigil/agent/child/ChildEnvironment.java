package dev.sigil.agent.child;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The workload's environment: the agent's own, less the machine credential and the token
 * exchange settings (so that {@code sigil-agent token} in the workload asks the agent's
 * socket), plus what the cloud SDKs read to find a web identity token. With
 * {@code AWS_ROLE_ARN} set, the AWS SDKs' web identity provider needs nothing more; with
 * {@code AZURE_CLIENT_ID} (and the tenant) set, Azure's workload identity credential
 * neither.
 */
public final class ChildEnvironment {

	/**
	 * The prefix of the variables that carry the machine credential or say where it is.
	 */
	public static final String CREDENTIAL_PREFIX = "SIGIL_MACHINE_CREDENTIAL";

	/** The variables that configure token exchange, which only the agent makes. */
	public static final Set<String> TOKEN_EXCHANGE_VARIABLES = Set.of("SIGIL_SUBJECT_TOKEN_FILE", "SIGIL_TRUST_POLICY",
			"SIGIL_ORG");

	public static final String AWS_ROLE_ARN = "AWS_ROLE_ARN";

	public static final String AWS_WEB_IDENTITY_TOKEN_FILE = "AWS_WEB_IDENTITY_TOKEN_FILE";

	public static final String AWS_ROLE_SESSION_NAME = "AWS_ROLE_SESSION_NAME";

	public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";

	public static final String AZURE_FEDERATED_TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";

	/**
	 * Below this length a credential is a test value, and searching other values for it
	 * would be noise.
	 */
	private static final int MIN_SCRUBBED_LENGTH = 16;

	private ChildEnvironment() {
	}

	/**
	 * @param agentEnvironment the agent's environment
	 * @param tokenFile the token file, whose audience suits AWS when {@code AWS_ROLE_ARN}
	 * is set
	 * @param azureTokenFile the Azure token file, when {@code AZURE_CLIENT_ID} is set
	 * @param machineName the machine's name, from its token
	 */
	public static Map<String, String> of(Map<String, String> agentEnvironment, Path tokenFile,
			Optional<Path> azureTokenFile, Optional<String> machineName) {
		Map<String, String> environment = new HashMap<>(agentEnvironment);
		environment.keySet()
			.removeIf((name) -> name.startsWith(CREDENTIAL_PREFIX) || TOKEN_EXCHANGE_VARIABLES.contains(name));
		String credential = agentEnvironment.getOrDefault(CREDENTIAL_PREFIX, "").strip();
		if (!credential.isEmpty()) {
			// A copy of the credential under another name is still the credential.
			environment.values()
				.removeIf((value) -> value.equals(credential)
						|| (credential.length() >= MIN_SCRUBBED_LENGTH && value.contains(credential)));
		}
		if (isSet(agentEnvironment, AWS_ROLE_ARN)) {
			environment.put(AWS_WEB_IDENTITY_TOKEN_FILE, tokenFile.toAbsolutePath().toString());
			if (!isSet(agentEnvironment, AWS_ROLE_SESSION_NAME)) {
				environment.put(AWS_ROLE_SESSION_NAME, RoleSessionName.of(machineName));
			}
		}
		azureTokenFile
			.ifPresent((file) -> environment.put(AZURE_FEDERATED_TOKEN_FILE, file.toAbsolutePath().toString()));
		return environment;
	}

	/** Whether a variable is set to something other than blanks. */
	public static boolean isSet(Map<String, String> environment, String name) {
		String value = environment.get(name);
		return value != null && !value.isBlank();
	}

}
