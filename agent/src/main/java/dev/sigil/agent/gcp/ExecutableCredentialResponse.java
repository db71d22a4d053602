package dev.sigil.agent.gcp;

import java.util.Map;
import java.util.Optional;

import dev.sigil.agent.json.Json;
import dev.sigil.agent.token.MachineToken;

/**
 * What Google's auth libraries expect on standard output from an executable-sourced
 * credential: an OIDC ID token and when it expires, or why there is none.
 *
 * @see <a href="https://google.aip.dev/auth/4117">AIP-4117: external account
 * credentials</a>
 */
public final class ExecutableCredentialResponse {

	/**
	 * The variable in which Google's libraries pass the workload identity provider's
	 * audience.
	 */
	public static final String AUDIENCE_VARIABLE = "GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE";

	/** The variable in which Google's libraries name a file to cache the response in. */
	public static final String OUTPUT_FILE_VARIABLE = "GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE";

	private static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";

	private ExecutableCredentialResponse() {
	}

	/** A successful response carrying the token. */
	public static String success(MachineToken token) {
		return "{\"version\":1,\"success\":true,\"token_type\":" + Json.quote(ID_TOKEN_TYPE) + ",\"id_token\":"
				+ Json.quote(token.value()) + ",\"expiration_time\":" + token.expiresAt().getEpochSecond() + "}";
	}

	/** A failed response, with a code and a message the library shows. */
	public static String failure(String code, String message) {
		return "{\"version\":1,\"success\":false,\"code\":" + Json.quote(code) + ",\"message\":" + Json.quote(message)
				+ "}";
	}

	/**
	 * The audience to ask for: the one given, else the provider's default allowed
	 * audience, which is the provider's resource name ({@code //iam.googleapis.com/...})
	 * as an {@code https:} URL.
	 */
	public static Optional<String> audience(Optional<String> given, Map<String, String> environment) {
		if (given.isPresent()) {
			return given;
		}
		String provider = environment.getOrDefault(AUDIENCE_VARIABLE, "").strip();
		if (provider.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(provider.startsWith("//") ? "https:" + provider : provider);
	}

}
