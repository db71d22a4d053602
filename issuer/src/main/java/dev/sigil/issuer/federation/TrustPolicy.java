package dev.sigil.issuer.federation;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;

import tools.jackson.databind.JsonNode;

/**
 * Which outside issuer's tokens an org accepts in a token exchange, on which conditions,
 * and what an accepted token is exchanged for. Its {@code name} is the exchange's
 * {@code client_id}.
 *
 * @param document the policy as given, shown back unchanged
 */
public record TrustPolicy(UUID id, UUID orgId, String name, String issuer, Provider provider, KeySource keys,
		List<String> algorithms, List<String> audiences, Duration maxSubjectLifetime, Duration clockSkew,
		boolean replayProtection, Map<String, ClaimCondition> mustMatch, List<Map<String, ClaimCondition>> allowAny,
		Grant grant, JsonNode document, Instant createdAt) {

	/** Where the issuer's public keys come from. */
	public record KeySource(Source source, URI jwksUri, JWKSet jwks) {

		public enum Source {

			DISCOVERY, JWKS_URI, STATIC

		}

	}

	/** What an accepted subject token is exchanged for. */
	public sealed interface Grant permits MachineGrant, ApiTokenGrant {

	}

	/**
	 * A machine token of the app: for a named machine, or one named from a claim
	 * (registered on first exchange as a federated machine).
	 *
	 * @param audiences the audiences a caller may ask for; empty: only the org's issuer
	 * @param tokenLifetime the issued token's lifetime, or null for the platform's
	 */
	public record MachineGrant(String app, String machine, String machineNameFrom, Value region, Value image,
			Value imageDigest, List<String> audiences, Duration tokenLifetime) implements Grant {

	}

	/**
	 * An org-scoped management API token, limited to permissions and apps, living at most
	 * an hour.
	 */
	public record ApiTokenGrant(List<String> permissions, List<String> apps, Duration ttl) implements Grant {

	}

	/** A fixed value, or the value of a claim (a JSON pointer). */
	public record Value(String fixed, String from) {

	}

}
