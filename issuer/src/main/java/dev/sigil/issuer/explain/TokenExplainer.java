package dev.sigil.issuer.explain;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.stereotype.Service;

import dev.sigil.issuer.audit.AuditQuery;
import dev.sigil.issuer.audit.AuditRecord;
import dev.sigil.issuer.explain.Explanation.Check;
import dev.sigil.issuer.oidc.IssuerProperties;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.keystore.SigningKey;
import dev.sigil.keystore.rotation.SigningKeyManager;

/**
 * Explains a token to an org's operator: is it a JWT of this org, which key signed it and
 * that key's state now, issuer, audience, time, whether the ledger knows it and what
 * became of its machine, and, given an AWS trust policy, which condition fails. The token
 * is only read: it is never stored or logged, and nothing here depends on a secret.
 */
@Service
public class TokenExplainer {

	/**
	 * The clock skew relying parties commonly allow (Spring Security's and most
	 * libraries' default).
	 */
	static final Duration SKEW = Duration.ofSeconds(60);

	private final SigningKeyManager keys;

	private final AuditQuery audit;

	private final MachineHistory machines;

	private final IssuerProperties issuer;

	private final Clock clock;

	public TokenExplainer(SigningKeyManager keys, AuditQuery audit, MachineHistory machines, IssuerProperties issuer,
			Clock clock) {
		this.keys = keys;
		this.audit = audit;
		this.machines = machines;
		this.issuer = issuer;
		this.clock = clock;
	}

	/**
	 * Explains the token as the given org's relying party would judge it.
	 * @param audience the audience the relying party expects, or null to skip that check
	 * @param policy further checks of a relying party's policy (an AWS trust policy), or
	 * null
	 */
	public Explanation explain(Org org, String token, String audience, PolicyCheck policy) {
		List<Check> checks = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(token.strip());
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException | RuntimeException ex) {
			checks.add(new Check("format", false, "This is not a signed JWT (three base64url parts: a JSON header, "
					+ "a JSON claim set and a signature)"));
			return finish(checks, notes);
		}
		checks.add(new Check("format", true,
				"A signed JWT, alg " + jwt.getHeader().getAlgorithm() + ", kid " + jwt.getHeader().getKeyID()));
		String expectedIssuer = this.issuer.issuerOf(org.getSlug());
		checks.add(issuer(claims.getIssuer(), expectedIssuer, org.getSlug()));
		Optional<SigningKey> key = Optional.ofNullable(jwt.getHeader().getKeyID())
			.flatMap((kid) -> this.keys.keysOf(org.getId()).stream().filter((k) -> k.getKid().equals(kid)).findFirst());
		Instant now = this.clock.instant();
		checks.add(key(jwt, key, org, now, claims.getIssueTime(), notes));
		Check signature = signature(jwt, key);
		checks.add(signature);
		checks.addAll(time(claims, now));
		if (audience != null) {
			List<String> aud = (claims.getAudience() != null) ? claims.getAudience() : List.of();
			checks.add(new Check("audience", aud.contains(audience), aud.contains(audience)
					? "aud " + aud + " includes \"" + audience + "\""
					: "aud " + aud + " does not include \"" + audience + "\" (compared exactly, case-sensitive)"));
		}
		// What the ledger and the machine's history say, and a relying party's policy,
		// are told only of a
		// token this org signed: claims anyone can write must not open the ledger to
		// them.
		if (!signature.ok()) {
			notes.add("the ledger, the machine and any policy are checked only for a token whose signature verifies");
			return finish(checks, notes);
		}
		if (policy != null) {
			checks.addAll(policy.check(expectedIssuer, claims.toJSONObject()));
		}
		if (claims.getIssuer() != null && claims.getIssuer().equals(expectedIssuer)) {
			checks.addAll(ledgerAndMachine(org, claims));
		}
		return finish(checks, notes);
	}

	private static Explanation finish(List<Check> checks, List<String> notes) {
		Optional<Check> failed = checks.stream().filter((check) -> !check.ok()).findFirst();
		String reason = failed.map(Check::detail)
			.orElseGet(() -> "Every check passed" + (notes.isEmpty() ? "" : ": " + String.join("; ", notes)));
		return new Explanation(failed.isEmpty(), List.copyOf(checks), reason);
	}

	private Check issuer(String iss, String expected, String slug) {
		if (expected.equals(iss)) {
			return new Check("issuer", true, "iss is this org's issuer " + expected);
		}
		String orgsPrefix = expected.substring(0, expected.length() - slug.length());
		if (iss != null && iss.startsWith(orgsPrefix)) {
			return new Check("issuer", false, "The token is of org '" + iss.substring(orgsPrefix.length())
					+ "', not of org '" + slug + "': iss is " + iss + ", this org's issuer is " + expected);
		}
		return new Check("issuer", false,
				"iss is " + ((iss == null) ? "missing" : "\"" + iss + "\"") + ", not this org's issuer " + expected);
	}

	private Check key(SignedJWT jwt, Optional<SigningKey> found, Org org, Instant now, java.util.Date issuedAt,
			List<String> notes) {
		String kid = jwt.getHeader().getKeyID();
		List<String> published = this.keys.keysOf(org.getId())
			.stream()
			.filter((k) -> k.isPublishedAt(now))
			.map(SigningKey::getKid)
			.toList();
		if (found.isEmpty()) {
			return new Check("key", false,
					"No key of org '" + org.getSlug() + "' has kid " + kid
							+ " (a key is deleted once its retirement ends; a kid may also be another org's); "
							+ "the JWKS now holds " + published);
		}
		SigningKey key = found.get();
		String at = (issuedAt != null) ? " At the token's iat the key was " + stateAt(key, issuedAt.toInstant()) + "."
				: "";
		return switch (key.getState()) {
			case ACTIVE ->
				new Check("key", true, "Signed by kid " + key.getKid() + ", the active key, published." + at);
			case NEXT -> new Check("key", true,
					"Signed by kid " + key.getKid() + ", published but not yet active (it never signed)." + at);
			case RETIRED -> {
				if (key.isPublishedAt(now)) {
					notes.add("kid " + key.getKid() + " is retired (since " + key.getRetiredAt()
							+ ") and still published until " + key.getUnpublishAt());
					yield new Check("key", true,
							"Signed by kid " + key.getKid() + ", retired at " + key.getRetiredAt()
									+ " and still published until " + key.getUnpublishAt()
									+ ": relying parties accept it." + at);
				}
				yield new Check("key", false, "Signed by kid " + key.getKid() + ", retired at " + key.getRetiredAt()
						+ " and no longer published since " + key.getUnpublishAt()
						+ ": relying parties cannot find it in the JWKS, which now holds " + published + "." + at);
			}
			case REVOKED -> new Check("key", false, "Signed by kid " + key.getKid() + ", revoked at "
					+ key.getRevokedAt() + ": taken out of the JWKS, every relying party refuses its tokens." + at);
		};
	}

	private static String stateAt(SigningKey key, Instant when) {
		if (when.isBefore(key.getCreatedAt())) {
			return "not yet created (created " + key.getCreatedAt() + ")";
		}
		if (key.getRevokedAt() != null && !when.isBefore(key.getRevokedAt())) {
			return "already revoked";
		}
		if (key.getRetiredAt() != null && !when.isBefore(key.getRetiredAt())) {
			return "already retired";
		}
		if (key.getActivatedAt() != null && !when.isBefore(key.getActivatedAt())) {
			return "active and published";
		}
		return "published, not yet active";
	}

	private static Check signature(SignedJWT jwt, Optional<SigningKey> key) {
		if (key.isEmpty()) {
			return new Check("signature", false, "The signature cannot be checked: no key of this org has its kid");
		}
		try {
			JWK jwk = JWK.parse(key.get().getPublicJwk());
			JWSVerifier verifier = (jwk instanceof RSAKey rsa) ? new RSASSAVerifier(rsa)
					: new ECDSAVerifier((ECKey) jwk);
			if (!jwk.getAlgorithm().getName().equals(jwt.getHeader().getAlgorithm().getName())) {
				return new Check("signature", false, "The header says alg " + jwt.getHeader().getAlgorithm()
						+ " but kid " + jwk.getKeyID() + " is a " + jwk.getAlgorithm() + " key");
			}
			return jwt.verify(verifier)
					? new Check("signature", true, "The signature verifies with kid " + jwk.getKeyID())
					: new Check("signature", false, "The signature does not verify with kid " + jwk.getKeyID()
							+ ": the token was changed after signing, or cut short");
		}
		catch (ParseException | JOSEException | RuntimeException ex) {
			return new Check("signature", false, "The signature does not verify with kid " + key.get().getKid() + " ("
					+ ex.getClass().getSimpleName() + ")");
		}
	}

	private static List<Check> time(JWTClaimsSet claims, Instant now) {
		List<Check> checks = new ArrayList<>();
		if (claims.getExpirationTime() == null) {
			checks.add(new Check("expiry", false, "The token has no exp"));
		}
		else {
			Instant exp = claims.getExpirationTime().toInstant();
			boolean ok = now.isBefore(exp.plus(SKEW));
			checks.add(new Check("expiry", ok,
					ok ? "exp " + exp + " is " + words(Duration.between(now, exp)) + " from the server time " + now
							: "Expired: exp " + exp + " is " + words(Duration.between(exp, now))
									+ " before the server time " + now + " (beyond the usual skew of "
									+ SKEW.toSeconds() + " s)"));
		}
		if (claims.getNotBeforeTime() != null) {
			Instant nbf = claims.getNotBeforeTime().toInstant();
			boolean ok = !now.plus(SKEW).isBefore(nbf);
			checks.add(new Check("not_before", ok,
					ok ? "nbf " + nbf + " has passed"
							: "Not yet valid: nbf " + nbf + " is " + words(Duration.between(now, nbf))
									+ " after the server time " + now + " (beyond the usual skew of " + SKEW.toSeconds()
									+ " s); is the clock of the machine or the relying party wrong?"));
		}
		return checks;
	}

	private List<Check> ledgerAndMachine(Org org, JWTClaimsSet claims) {
		List<Check> checks = new ArrayList<>();
		UUID jti = uuid(claims.getJWTID());
		Optional<AuditRecord> record = (jti != null) ? this.audit.byJti(org.getId(), jti) : Optional.empty();
		checks.add(new Check("ledger", record.isPresent(),
				record.isPresent()
						? "jti " + jti + " is in the ledger: issued " + record.get().issuedAt() + " to "
								+ record.get().appName() + "/" + record.get().machineName() + " from "
								+ record.get().clientAddress()
						: "jti " + claims.getJWTID() + " is not in this org's ledger: Sigil did not issue this token, "
								+ "or its record was removed by retention"));
		UUID machineId = uuid(stringClaim(claims, "machine_id"));
		if (machineId != null) {
			checks.add(this.machines.check(org.getId(), machineId, stringClaim(claims, "machine_version"),
					claims.getIssueTime()));
		}
		return checks;
	}

	private static String stringClaim(JWTClaimsSet claims, String name) {
		Object value = claims.getClaim(name);
		return (value instanceof String string) ? string : null;
	}

	private static UUID uuid(String value) {
		try {
			return (value != null) ? UUID.fromString(value) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static String words(Duration duration) {
		long seconds = Math.abs(duration.toSeconds());
		if (seconds < 120) {
			return seconds + " s";
		}
		if (seconds < 7200) {
			return (seconds / 60) + " min";
		}
		return (seconds / 3600) + " h";
	}

	/** Checks of a relying party's own policy, such as an AWS trust policy. */
	public interface PolicyCheck {

		/**
		 * The checks of the policy against the token's claims, under this org's issuer.
		 */
		List<Check> check(String issuer, Map<String, Object> claims);

	}

}
