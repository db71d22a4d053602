package dev.sigil.issuer.explain;

import com.fasterxml.jackson.annotation.JsonProperty;

import tools.jackson.databind.JsonNode;

import dev.sigil.issuer.error.SigilException;

/**
 * A request to explain a token, as the management API and the machine API take it. Its
 * {@code toString()} leaves the token out, so that no log line can carry it.
 *
 * @param awsTrustPolicy an AWS role trust policy document to check the token against, or
 * null
 */
public record ExplainRequest(String token, String audience, @JsonProperty("aws_trust_policy") JsonNode awsTrustPolicy) {

	/** The token, or a refusal when the body has none. */
	public static String requiredToken(ExplainRequest request) {
		if (request == null || request.token() == null || request.token().isBlank()) {
			throw SigilException.invalid("A body with token is required");
		}
		return request.token();
	}

	/** The checks of the AWS trust policy, or null when none was given. */
	public AwsPolicyChecks policy() {
		return AwsPolicyChecks.of(this.awsTrustPolicy);
	}

	@Override
	public String toString() {
		return "ExplainRequest[audience=" + this.audience + "]";
	}

}
