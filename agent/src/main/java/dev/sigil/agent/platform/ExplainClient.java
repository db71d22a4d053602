package dev.sigil.agent.platform;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.sigil.agent.json.Json;
import dev.sigil.agent.token.TokenException;

/**
 * Asks the platform why one of this machine's tokens is refused
 * ({@code POST /v1/tokens/explain}, with the machine credential). The answer is the
 * platform's explanation as JSON text.
 */
public final class ExplainClient {

	public static final String EXPLAIN_PATH = "/v1/tokens/explain";

	private final URL endpoint;

	private final String origin;

	private final MachineCredential credential;

	public ExplainClient(URI baseUrl, MachineCredential credential) {
		this.endpoint = PlatformHttp.endpoint(baseUrl, EXPLAIN_PATH);
		this.origin = PlatformHttp.origin(baseUrl);
		this.credential = credential;
	}

	/**
	 * The platform's explanation of the token.
	 * @param awsTrustPolicy an AWS role trust policy document (JSON text) to check the
	 * token against
	 */
	public String explain(String token, Optional<String> audience, Optional<String> awsTrustPolicy)
			throws TokenException {
		StringBuilder body = new StringBuilder("{\"token\":").append(Json.quote(token));
		audience.ifPresent((aud) -> body.append(",\"audience\":").append(Json.quote(aud)));
		awsTrustPolicy.ifPresent((policy) -> body.append(",\"aws_trust_policy\":").append(policy));
		HttpURLConnection connection = null;
		try {
			connection = PlatformHttp.post(this.endpoint);
			connection.setRequestProperty("Authorization", "Bearer " + this.credential.value());
			connection.setRequestProperty("Content-Type", "application/json");
			connection.setRequestProperty("Accept", "application/json, application/problem+json");
			PlatformHttp.send(connection, body.append('}').toString().getBytes(StandardCharsets.UTF_8));
			int status = connection.getResponseCode();
			if (status != 200) {
				throw TokenException.refused(status, connection.getContentType(),
						PlatformHttp.read(connection.getErrorStream()));
			}
			return new String(PlatformHttp.read(connection.getInputStream()), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw TokenException.unreachable(PlatformHttp.reason(ex, this.origin), ex);
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

}
