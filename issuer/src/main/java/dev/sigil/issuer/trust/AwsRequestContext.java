package dev.sigil.issuer.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * The condition keys that a token brings to an {@code AssumeRoleWithWebIdentity} request
 * through an IAM OIDC provider, named {@code <host/path>:<key>} (key names ignore case,
 * as IAM's do): {@code sub} is the token's {@code sub}; {@code aud} its {@code azp} when
 * it has one, else its {@code aud}; {@code oaud} its {@code aud}; {@code amr} its
 * {@code amr}, multivalued.
 *
 * @see <a href=
 * "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif">Available
 * keys for OIDC federation</a>
 */
final class AwsRequestContext {

	private final JsonNode claims;

	private final String prefix;

	AwsRequestContext(JsonNode claims, String providerHostPath) {
		this.claims = claims;
		this.prefix = providerHostPath.toLowerCase(Locale.ROOT) + ":";
	}

	/**
	 * The key's values in this request, its absence, or why they cannot be known from the
	 * token.
	 */
	Lookup lookup(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		if (lower.startsWith(this.prefix)) {
			String name = lower.substring(this.prefix.length());
			return switch (name) {
				case "sub", "amr" -> values(this.claims.get(name));
				case "aud" -> values(present(this.claims.get("azp")) ? this.claims.get("azp") : this.claims.get("aud"));
				case "oaud" -> values(this.claims.get("aud"));
				default -> Lookup.unknown("IAM documents no '" + name + "' key for OIDC providers");
			};
		}
		if (lower.startsWith("aws:") || lower.startsWith("sts:")) {
			return Lookup.unknown("its value comes from the request, not from the token");
		}
		int colon = lower.lastIndexOf(':');
		String source = (colon > 0) ? lower.substring(0, colon) : "";
		if (source.contains(".") || source.contains("/")) {
			return Lookup.absent();
		}
		return Lookup.unknown("not a key of this issuer's provider");
	}

	private static Lookup values(JsonNode claim) {
		if (!present(claim)) {
			return Lookup.absent();
		}
		List<String> values = new ArrayList<>();
		for (JsonNode value : claim.isArray() ? claim.values() : List.of(claim)) {
			if (!value.isValueNode() || value.isNull()) {
				return Lookup.unknown("the token's claim is not a string or a list of strings");
			}
			values.add(value.asString());
		}
		return values.isEmpty() ? Lookup.absent() : new Lookup(State.PRESENT, List.copyOf(values), null);
	}

	private static boolean present(JsonNode claim) {
		return claim != null && !claim.isMissingNode() && !claim.isNull();
	}

	enum State {

		PRESENT, ABSENT, UNKNOWN

	}

	/** A key's values, or its absence, or why it is not known here ({@code note}). */
	record Lookup(State state, List<String> values, String note) {

		static Lookup absent() {
			return new Lookup(State.ABSENT, List.of(), null);
		}

		static Lookup unknown(String note) {
			return new Lookup(State.UNKNOWN, List.of(), note);
		}

	}

}
