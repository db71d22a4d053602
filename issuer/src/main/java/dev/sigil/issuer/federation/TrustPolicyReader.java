package dev.sigil.issuer.federation;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import tools.jackson.databind.JsonNode;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.federation.TrustPolicy.ApiTokenGrant;
import dev.sigil.issuer.federation.TrustPolicy.Grant;
import dev.sigil.issuer.federation.TrustPolicy.KeySource;
import dev.sigil.issuer.federation.TrustPolicy.MachineGrant;
import dev.sigil.issuer.federation.TrustPolicy.Value;

/**
 * Reads a trust policy document strictly: unknown fields, wrong types and weak policies
 * are refused with a problem naming the field. A policy that is saved is one that can be
 * enforced as written.
 */
final class TrustPolicyReader {

	/** Algorithms a policy may allow: asymmetric only, never {@code none} or HMAC. */
	static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
			"ES512", "EdDSA");

	static final Set<String> PERMISSIONS = Set.of("machines:read", "machines:write", "audit:read");

	/**
	 * Audiences a Kubernetes API server accepts: a token meant for it must never be
	 * exchangeable.
	 */
	private static final Set<String> KUBERNETES_API_AUDIENCES = Set.of("https://kubernetes.default.svc",
			"https://kubernetes.default.svc.cluster.local", "kubernetes", "api");

	private static final Set<String> FIELDS = Set.of("name", "issuer", "provider", "keys", "algorithms", "audiences",
			"max_subject_lifetime_seconds", "clock_skew_seconds", "replay_protection", "must_match", "allow_any",
			"grant");

	private static final Duration LONGEST_SUBJECT_LIFETIME = Duration.ofDays(7);

	private final IssuerAddresses addresses;

	TrustPolicyReader(IssuerAddresses addresses) {
		this.addresses = addresses;
	}

	TrustPolicy read(JsonNode document, UUID id, UUID orgId, Instant createdAt) {
		if (document == null || !document.isObject()) {
			throw SigilException.invalid("A trust policy is a JSON object");
		}
		for (String field : document.propertyNames()) {
			if (!FIELDS.contains(field)) {
				throw SigilException.invalid("trust policy field '" + field + "' is unknown");
			}
		}
		String name = string(document, "name", true);
		if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
			throw SigilException.invalid("name must be 1-100 letters, digits, dots, underscores or hyphens");
		}
		String issuer = issuer(string(document, "issuer", true));
		Provider provider = Provider.of(string(document, "provider", true));
		KeySource keys = keys(document.get("keys"));
		List<String> algorithms = strings(document, "algorithms", true);
		for (String algorithm : algorithms) {
			if (!ALGORITHMS.contains(algorithm)) {
				throw SigilException.invalid("algorithms may hold only asymmetric JWS algorithms (" + ALGORITHMS
						+ "), not '" + algorithm + "'");
			}
		}
		List<String> audiences = strings(document, "audiences", true);
		Duration maxLifetime = seconds(document, "max_subject_lifetime_seconds", provider.defaultMaxLifetime(), 60,
				LONGEST_SUBJECT_LIFETIME.toSeconds());
		Duration skew = seconds(document, "clock_skew_seconds", Duration.ofSeconds(60), 0, 300);
		boolean replay = bool(document, "replay_protection", provider.defaultReplayProtection());
		Map<String, ClaimCondition> mustMatch = conditions(document.get("must_match"), "must_match");
		List<Map<String, ClaimCondition>> allowAny = new ArrayList<>();
		JsonNode anyNode = document.get("allow_any");
		if (anyNode != null && !anyNode.isNull()) {
			if (!anyNode.isArray()) {
				throw SigilException.invalid("allow_any must be an array of condition sets");
			}
			int index = 0;
			for (JsonNode set : anyNode.values()) {
				Map<String, ClaimCondition> conditions = conditions(set, "allow_any[" + index++ + "]");
				if (conditions.isEmpty()) {
					throw SigilException.invalid("allow_any must not hold an empty condition set (it would allow all)");
				}
				allowAny.add(conditions);
			}
		}
		checkStrength(provider, issuer, audiences, mustMatch, allowAny);
		Grant grant = grant(document.get("grant"));
		return new TrustPolicy(id, orgId, name, issuer, provider, keys, algorithms, audiences, maxLifetime, skew,
				replay, mustMatch, List.copyOf(allowAny), grant, document, createdAt);
	}

	private String issuer(String issuer) {
		URI uri;
		try {
			uri = new URI(issuer);
		}
		catch (URISyntaxException ex) {
			throw SigilException.invalid("issuer is not a URL: " + ex.getMessage());
		}
		if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
				|| uri.getRawUserInfo() != null) {
			throw SigilException.invalid("issuer must be an https URL with a host and no user, query or fragment");
		}
		this.addresses.checkUrl("issuer", uri);
		return issuer;
	}

	private KeySource keys(JsonNode keys) {
		if (keys == null || !keys.isObject()) {
			throw SigilException.invalid("keys is required: {\"source\":\"discovery\"}, "
					+ "{\"source\":\"jwks_uri\",\"jwks_uri\":\"https://...\"} or {\"source\":\"static\",\"jwks\":{...}}");
		}
		String source = string(keys, "source", true);
		switch (source) {
			case "discovery" -> {
				only(keys, "keys", Set.of("source"));
				return new KeySource(KeySource.Source.DISCOVERY, null, null);
			}
			case "jwks_uri" -> {
				only(keys, "keys", Set.of("source", "jwks_uri"));
				URI uri;
				try {
					uri = new URI(string(keys, "jwks_uri", true));
				}
				catch (URISyntaxException ex) {
					throw SigilException.invalid("keys.jwks_uri is not a URL");
				}
				this.addresses.checkUrl("keys.jwks_uri", uri);
				return new KeySource(KeySource.Source.JWKS_URI, uri, null);
			}
			case "static" -> {
				only(keys, "keys", Set.of("source", "jwks"));
				JsonNode jwks = keys.get("jwks");
				if (jwks == null || !jwks.isObject()) {
					throw SigilException.invalid("keys.jwks must be a JWK set {\"keys\":[...]}");
				}
				try {
					JWKSet set = JWKSet.parse(jwks.toString());
					if (set.getKeys().isEmpty()) {
						throw SigilException.invalid("keys.jwks holds no key");
					}
					for (JWK key : set.getKeys()) {
						if (key.isPrivate() || key.getKeyID() == null || key.getKeyType() == null
								|| "oct".equals(key.getKeyType().getValue())) {
							throw SigilException
								.invalid("keys.jwks may hold only public asymmetric keys, each with a kid");
						}
					}
					return new KeySource(KeySource.Source.STATIC, null, set);
				}
				catch (ParseException ex) {
					throw SigilException.invalid("keys.jwks is not a JWK set: " + ex.getMessage());
				}
			}
			default -> throw SigilException.invalid("keys.source must be discovery, jwks_uri or static");
		}
	}

	private Map<String, ClaimCondition> conditions(JsonNode node, String field) {
		Map<String, ClaimCondition> conditions = new LinkedHashMap<>();
		if (node == null || node.isNull()) {
			return conditions;
		}
		if (!node.isObject()) {
			throw SigilException.invalid(field + " must be an object of claim pointers to conditions");
		}
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String pointer = entry.getKey();
			if (!pointer.startsWith("/") || pointer.length() > 200) {
				throw SigilException.invalid(field + ": '" + pointer + "' is not a JSON pointer such as /sub");
			}
			conditions.put(pointer, condition(entry.getValue(), field + " " + pointer));
		}
		return conditions;
	}

	private ClaimCondition condition(JsonNode value, String where) {
		if (value.isString() || value.isNumber() || value.isBoolean()) {
			return new ClaimCondition.Equals(value);
		}
		if (!value.isObject() || value.size() != 1) {
			throw SigilException.invalid(where + ": a condition is a string, number or boolean, or one of "
					+ "{\"one_of\":[...]}, {\"glob\":\"...\"}, {\"not\":...}, {\"not_one_of\":[...]}");
		}
		Map.Entry<String, JsonNode> operator = value.properties().iterator().next();
		return switch (operator.getKey()) {
			case "one_of" -> new ClaimCondition.OneOf(scalars(operator.getValue(), where + " one_of"));
			case "not_one_of" -> new ClaimCondition.NotOneOf(scalars(operator.getValue(), where + " not_one_of"));
			case "glob" -> {
				if (!operator.getValue().isString() || operator.getValue().stringValue().isEmpty()) {
					throw SigilException.invalid(where + ": glob must be a non-empty string");
				}
				yield ClaimCondition.Glob.of(operator.getValue().stringValue());
			}
			case "not" -> new ClaimCondition.Not(condition(operator.getValue(), where + " not"));
			default -> throw SigilException.invalid(where + ": unknown operator '" + operator.getKey() + "'");
		};
	}

	private static List<JsonNode> scalars(JsonNode array, String where) {
		if (!array.isArray() || array.isEmpty()) {
			throw SigilException.invalid(where + " must be a non-empty array");
		}
		for (JsonNode value : array.values()) {
			if (!(value.isString() || value.isNumber() || value.isBoolean())) {
				throw SigilException.invalid(where + " may hold only strings, numbers and booleans");
			}
		}
		return List.copyOf(array.values());
	}

	/**
	 * Refuses policies its provider's preset calls weak: they would admit tokens of
	 * someone else.
	 */
	private static void checkStrength(Provider provider, String issuer, List<String> audiences,
			Map<String, ClaimCondition> mustMatch, List<Map<String, ClaimCondition>> allowAny) {
		if (provider == Provider.KUBERNETES) {
			for (String audience : audiences) {
				if (audience.equals(issuer) || KUBERNETES_API_AUDIENCES.contains(audience)) {
					throw SigilException.invalid("audiences must not hold the Kubernetes API server's audience '"
							+ audience + "': give the projected token an audience of its own, such as sigil");
				}
			}
		}
		for (Set<String> pins : provider.requiredPins()) {
			boolean pinned = pins.stream().anyMatch((pointer) -> pins(mustMatch.get(pointer)))
					|| (!allowAny.isEmpty() && allowAny.stream()
						.allMatch((set) -> pins.stream().anyMatch((pointer) -> pins(set.get(pointer)))));
			if (!pinned) {
				throw SigilException.invalid("must_match must pin " + String.join(" or ", pins) + " with a value (a "
						+ provider.apiName() + " policy without it would admit tokens of someone else"
						+ (provider == Provider.GITHUB ? "; names can be re-registered, ids cannot" : "") + ")");
			}
		}
		if (provider == Provider.GENERIC && mustMatch.isEmpty() && allowAny.isEmpty()) {
			throw SigilException.invalid("must_match or allow_any must hold a condition beyond issuer and audience");
		}
	}

	private static boolean pins(ClaimCondition condition) {
		return condition instanceof ClaimCondition.Equals || condition instanceof ClaimCondition.OneOf;
	}

	private static Grant grant(JsonNode grant) {
		if (grant == null || !grant.isObject()) {
			throw SigilException
				.invalid("grant is required: {\"type\":\"machine\",...} or {\"type\":\"api_token\",...}");
		}
		String type = string(grant, "type", true);
		if (type.equals("machine")) {
			only(grant, "grant", Set.of("type", "app", "machine", "machine_name_from", "region", "image",
					"image_digest", "audiences", "token_lifetime_seconds"));
			String machine = string(grant, "machine", false);
			String from = string(grant, "machine_name_from", false);
			if ((machine == null) == (from == null)) {
				throw SigilException.invalid("grant needs exactly one of machine and machine_name_from");
			}
			if (from != null && !from.startsWith("/")) {
				throw SigilException.invalid("grant.machine_name_from must be a JSON pointer such as /sub");
			}
			List<String> audiences = (grant.has("audiences")) ? strings(grant, "audiences", true) : List.of();
			Duration lifetime = grant.has("token_lifetime_seconds")
					? seconds(grant, "token_lifetime_seconds", null, 60, 86_400) : null;
			return new MachineGrant(string(grant, "app", true), machine, from, value(grant, "region"),
					value(grant, "image"), value(grant, "image_digest"), audiences, lifetime);
		}
		if (type.equals("api_token")) {
			only(grant, "grant", Set.of("type", "permissions", "apps", "ttl_seconds"));
			List<String> permissions = strings(grant, "permissions", true);
			for (String permission : permissions) {
				if (!PERMISSIONS.contains(permission)) {
					throw SigilException
						.invalid("grant.permissions may hold " + PERMISSIONS + ", not '" + permission + "'");
				}
			}
			return new ApiTokenGrant(permissions, strings(grant, "apps", true),
					seconds(grant, "ttl_seconds", Duration.ofMinutes(15), 60, 3600));
		}
		throw SigilException.invalid("grant.type must be machine or api_token");
	}

	private static Value value(JsonNode grant, String field) {
		JsonNode value = grant.get(field);
		if (value != null && value.isString()) {
			return new Value(value.stringValue(), null);
		}
		if (value != null && value.isObject() && value.size() == 1 && value.has("from") && value.get("from").isString()
				&& value.get("from").stringValue().startsWith("/")) {
			return new Value(null, value.get("from").stringValue());
		}
		throw SigilException.invalid("grant." + field + " must be a string or {\"from\":\"/claim/pointer\"}");
	}

	private static void only(JsonNode node, String where, Set<String> allowed) {
		for (String field : node.propertyNames()) {
			if (!allowed.contains(field)) {
				throw SigilException.invalid(where + "." + field + " is unknown");
			}
		}
	}

	private static String string(JsonNode node, String field, boolean required) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			if (required) {
				throw SigilException.invalid(field + " is required");
			}
			return null;
		}
		if (!value.isString() || value.stringValue().isBlank() || value.stringValue().length() > 1000) {
			throw SigilException.invalid(field + " must be a non-empty string");
		}
		return value.stringValue();
	}

	private static List<String> strings(JsonNode node, String field, boolean required) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			if (required) {
				throw SigilException.invalid(field + " is required");
			}
			return List.of();
		}
		if (!value.isArray() || value.isEmpty() || value.size() > 50) {
			throw SigilException.invalid(field + " must be an array of 1-50 strings");
		}
		List<String> strings = new ArrayList<>();
		for (JsonNode item : value.values()) {
			if (!item.isString() || item.stringValue().isBlank() || item.stringValue().length() > 512) {
				throw SigilException.invalid(field + " must hold non-empty strings");
			}
			strings.add(item.stringValue());
		}
		return List.copyOf(strings);
	}

	private static Duration seconds(JsonNode node, String field, Duration fallback, long min, long max) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (!value.isIntegralNumber() || value.longValue() < min || value.longValue() > max) {
			throw SigilException.invalid(field + " must be a whole number of seconds from " + min + " to " + max);
		}
		return Duration.ofSeconds(value.longValue());
	}

	private static boolean bool(JsonNode node, String field, boolean fallback) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (!value.isBoolean()) {
			throw SigilException.invalid(field + " must be true or false");
		}
		return value.booleanValue();
	}

}
