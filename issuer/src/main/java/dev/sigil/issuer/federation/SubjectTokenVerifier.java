package dev.sigil.issuer.federation;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.federation.IssuerKeys.KeyUnavailableException;

/**
 * Runs every check a subject token must pass under a trust policy, in order, and says
 * which failed. Before the signature is verified, a failure is named by its category only
 * (malformed, unknown issuer, unknown key, bad signature), so an unverified token learns
 * nothing of the policy; after it, each check names what it expected and what the token
 * holds.
 */
final class SubjectTokenVerifier {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final IssuerKeys keys;

	private final FederationProperties properties;

	private final Clock clock;

	SubjectTokenVerifier(IssuerKeys keys, FederationProperties properties, Clock clock) {
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Verifies the token.
	 * @param all whether to go on after a failure (an explanation) or stop at the first
	 * (an exchange)
	 */
	Verification verify(String token, TrustPolicy policy, boolean all) {
		Checks checks = new Checks(all);
		Instant now = this.clock.instant();
		if (token == null || token.isEmpty()
				|| token.getBytes(StandardCharsets.UTF_8).length > this.properties.maxSubjectTokenSize().toBytes()) {
			checks.failBeforeSignature("size", "the subject token is missing or larger than "
					+ this.properties.maxSubjectTokenSize().toBytes() + " bytes");
			return checks.result(null);
		}
		checks.pass("size");
		SignedJWT jwt;
		JsonNode claims;
		try {
			if (!(JWTParser.parse(token) instanceof SignedJWT signed)) {
				checks.failBeforeSignature("format",
						"malformed: the subject token is not a signed JWT (alg none is refused)");
				return checks.result(null);
			}
			jwt = signed;
			claims = JSON.readTree(jwt.getPayload().toString());
			if (claims == null || !claims.isObject()) {
				throw new ParseException("payload is not a JSON object", 0);
			}
		}
		catch (ParseException | JacksonException ex) {
			checks.failBeforeSignature("format", "malformed: the subject token is not a JWT");
			return checks.result(null);
		}
		checks.pass("format");
		JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
		if (!policy.algorithms().contains(algorithm.getName())) {
			checks.failBeforeSignature("algorithm", "the subject token's algorithm is not one the policy allows");
			if (!all) {
				return checks.result(null);
			}
		}
		else {
			checks.pass("algorithm");
		}
		String kid = jwt.getHeader().getKeyID();
		if (kid == null || kid.isEmpty()) {
			checks.failBeforeSignature("kid", "the subject token names no key (kid)");
			return checks.result(null);
		}
		checks.pass("kid");
		JsonNode issuer = claims.get("iss");
		if (issuer == null || !issuer.isString() || !issuer.stringValue().equals(policy.issuer())) {
			checks.failBeforeSignature("issuer", "unknown issuer: the subject token is not from the policy's issuer");
			return checks.result(null);
		}
		checks.pass("issuer");
		Optional<JWK> key;
		try {
			key = this.keys.key(policy, kid, algorithm);
		}
		catch (KeyUnavailableException ex) {
			checks.failBeforeSignature("key", ex.getMessage());
			return checks.result(null);
		}
		if (key.isEmpty()) {
			checks.failBeforeSignature("key",
					"unknown key: the issuer publishes no key " + kid + " for " + algorithm.getName());
			return checks.result(null);
		}
		if (!signatureVerifies(jwt, key.get())) {
			checks.failBeforeSignature("signature", "bad signature");
			return checks.result(null);
		}
		checks.pass("signature");
		checkTimes(checks, claims, policy, now);
		checkAudience(checks, claims, policy);
		checkConditions(checks, claims, policy);
		return checks.result(claims);
	}

	private static boolean signatureVerifies(SignedJWT jwt, JWK key) {
		if (!(key instanceof AsymmetricJWK)
				|| !JWSAlgorithm.Family.SIGNATURE.contains(jwt.getHeader().getAlgorithm())) {
			return false;
		}
		try {
			JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(),
					((AsymmetricJWK) key).toPublicKey());
			return jwt.getState() == JWSObject.State.SIGNED && jwt.verify(verifier);
		}
		catch (JOSEException | IllegalStateException ex) {
			return false;
		}
	}

	private static void checkTimes(Checks checks, JsonNode claims, TrustPolicy policy, Instant now) {
		long skew = policy.clockSkew().toSeconds();
		long nowSeconds = now.getEpochSecond();
		JsonNode exp = claims.get("exp");
		if (exp == null || !exp.isNumber()) {
			checks.fail("exp", "a numeric exp", String.valueOf(exp), "the subject token has no expiry");
		}
		else if (exp.longValue() + skew <= nowSeconds) {
			checks.fail("exp", "after " + (nowSeconds - skew) + " (server time " + now + ", skew " + skew + "s)",
					Long.toString(exp.longValue()), "expired");
		}
		else {
			checks.pass("exp");
		}
		JsonNode nbf = claims.get("nbf");
		if (nbf != null && (!nbf.isNumber() || nbf.longValue() - skew > nowSeconds)) {
			checks.fail("nbf", "at or before " + (nowSeconds + skew) + " (server time " + now + ")", nbf.toString(),
					"not yet valid");
		}
		else {
			checks.pass("nbf");
		}
		JsonNode iat = claims.get("iat");
		if (iat != null && (!iat.isNumber() || iat.longValue() - skew > nowSeconds)) {
			checks.fail("iat", "at or before " + (nowSeconds + skew), iat.toString(), "issued in the future");
		}
		else {
			checks.pass("iat");
		}
		if (exp != null && exp.isNumber()) {
			long start = (iat != null && iat.isNumber()) ? iat.longValue() : nowSeconds;
			long lifetime = exp.longValue() - start;
			if (lifetime > policy.maxSubjectLifetime().toSeconds()) {
				checks.fail("lifetime", "at most " + policy.maxSubjectLifetime().toSeconds() + "s (exp - iat)",
						lifetime + "s", "the subject token lives longer than the policy allows");
			}
			else {
				checks.pass("lifetime");
			}
		}
	}

	private static void checkAudience(Checks checks, JsonNode claims, TrustPolicy policy) {
		JsonNode aud = claims.get("aud");
		List<String> audiences = new ArrayList<>();
		if (aud != null && aud.isString()) {
			audiences.add(aud.stringValue());
		}
		else if (aud != null && aud.isArray()) {
			aud.values().stream().filter(JsonNode::isString).map(JsonNode::stringValue).forEach(audiences::add);
		}
		if (audiences.stream().anyMatch(policy.audiences()::contains)) {
			checks.pass("audience");
		}
		else {
			checks.fail("audience", "one of " + policy.audiences(), (aud != null) ? aud.toString() : "none",
					"the subject token is not meant for this policy");
		}
	}

	private static void checkConditions(Checks checks, JsonNode claims, TrustPolicy policy) {
		for (Map.Entry<String, ClaimCondition> condition : policy.mustMatch().entrySet()) {
			JsonNode claim = claims.at(condition.getKey());
			if (condition.getValue().test(claim)) {
				checks.pass("must_match " + condition.getKey());
			}
			else {
				checks.fail("must_match " + condition.getKey(), condition.getValue().expected(), describe(claim),
						"claim " + condition.getKey() + " does not match");
			}
		}
		if (policy.allowAny().isEmpty()) {
			return;
		}
		List<String> tried = new ArrayList<>();
		for (Map<String, ClaimCondition> set : policy.allowAny()) {
			if (set.entrySet().stream().allMatch((entry) -> entry.getValue().test(claims.at(entry.getKey())))) {
				checks.pass("allow_any");
				return;
			}
			set.forEach((pointer, condition) -> tried.add(pointer + " " + condition.expected()));
		}
		checks.fail("allow_any", "all of one set: " + tried, "no set matched", "no allow_any set matches");
	}

	static String describe(JsonNode claim) {
		return (claim == null || claim.isMissingNode()) ? "missing" : claim.toString();
	}

	/** The checks so far, stopping at the first failure unless asked for all. */
	private static final class Checks {

		private final boolean all;

		private final List<Verification.Check> done = new ArrayList<>();

		private String failure;

		private boolean signatureVerified;

		Checks(boolean all) {
			this.all = all;
		}

		void pass(String name) {
			if ("signature".equals(name)) {
				this.signatureVerified = true;
			}
			if (this.failure == null || this.all) {
				this.done.add(new Verification.Check(name, true, null, null, null));
			}
		}

		void failBeforeSignature(String name, String category) {
			add(new Verification.Check(name, false, null, null, category), category);
		}

		void fail(String name, String expected, String actual, String summary) {
			add(new Verification.Check(name, false, expected, actual, summary),
					name + ": " + summary + " (expected " + expected + ", got " + actual + ")");
		}

		private void add(Verification.Check check, String description) {
			if (this.failure == null) {
				this.failure = description;
				this.done.add(check);
			}
			else if (this.all) {
				this.done.add(check);
			}
		}

		Verification result(JsonNode claims) {
			return new Verification(List.copyOf(this.done), this.failure,
					(this.signatureVerified && claims != null) ? claims : null);
		}

	}

}
