package dev.sigil.issuer.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Service;

import dev.sigil.issuer.audit.AuditEntry;
import dev.sigil.issuer.audit.AuditLedger;
import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.oidc.IssuerProperties;
import dev.sigil.keystore.ActiveKey;
import dev.sigil.keystore.KeyRing;
import dev.sigil.keystore.OrgKeys;

/**
 * Mints a machine's token: builds its claims, signs them with the org's active key from memory, and
 * commits the audit entry before handing the token back.
 */
@Service
public class MachineTokenMinter {

	/** The claims of every machine token, in the order they are written. */
	public static final List<String> CLAIMS = List.of("app_id", "app_name", "aud", "exp", "iat", "image",
			"image_digest", "iss", "jti", "machine_id", "machine_name", "machine_version", "nbf", "org_id", "org_name",
			"region", "sub");

	private final KeyRing keyRing;

	private final AuditLedger ledger;

	private final IssuerProperties issuer;

	private final TokenProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Map<String, JwtEncoder> encoders = new ConcurrentHashMap<>();

	public MachineTokenMinter(KeyRing keyRing, AuditLedger ledger, IssuerProperties issuer,
			TokenProperties properties, Clock clock, MeterRegistry meters) {
		this.keyRing = keyRing;
		this.ledger = ledger;
		this.issuer = issuer;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Issues a token for the machine.
	 * @param audience the requested {@code aud}, or null for the org's issuer URL
	 * @param clientAddress the address the request came from, for the audit entry
	 */
	public IssuedToken mint(MachineIdentity machine, String audience, String clientAddress) {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "error";
		try {
			IssuedToken token = signAndRecord(machine, audience, clientAddress);
			outcome = "issued";
			return token;
		}
		catch (SigilException ex) {
			outcome = ex.problem().name().toLowerCase(Locale.ROOT);
			throw ex;
		}
		catch (DataAccessException ex) {
			outcome = "database_unavailable";
			throw new SigilException(Problem.DATABASE_UNAVAILABLE,
					"The audit ledger could not be written; no token was issued", ex);
		}
		finally {
			this.meters.counter("sigil.tokens.issued", "org", machine.orgSlug(), "outcome", outcome).increment();
			sample.stop(this.meters.timer("sigil.tokens.issue", "org", machine.orgSlug(), "outcome", outcome));
		}
	}

	private IssuedToken signAndRecord(MachineIdentity machine, String audience, String clientAddress) {
		ActiveKey key = activeKey(machine);
		String iss = this.issuer.issuerOf(machine.orgSlug());
		String aud = (audience != null) ? Audiences.check(audience) : iss;
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = issuedAt.plus(this.properties.lifetime());
		UUID jti = UUID.randomUUID();
		Map<String, Object> claims = claims(machine, iss, aud, issuedAt, expiresAt, jti);
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.from(key.algorithm().name()))
			.keyId(key.kid())
			.type("JWT")
			.build();
		JwtClaimsSet claimSet = JwtClaimsSet.builder().claims((c) -> c.putAll(claims)).build();
		String value = encoder(key).encode(JwtEncoderParameters.from(header, claimSet)).getTokenValue();
		this.ledger.record(new AuditEntry(jti, machine.orgId(), machine.appId(), machine.appName(),
				machine.machineId(), machine.machineName(), machine.machineVersion(), machine.subject(), aud, key.kid(),
				issuedAt, expiresAt, clientAddress, auditClaims(claims, issuedAt, expiresAt)));
		return new IssuedToken(value, jti, key.kid());
	}

	private ActiveKey activeKey(MachineIdentity machine) {
		OrgKeys keys = this.keyRing.keys(machine.orgId());
		return keys.active()
			.orElseThrow(() -> new SigilException(Problem.SIGNING_KEY_UNAVAILABLE, keys.unavailableReason()));
	}

	private JwtEncoder encoder(ActiveKey key) {
		return this.encoders.computeIfAbsent(key.kid(),
				(kid) -> new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key.jwk()))));
	}

	private static Map<String, Object> claims(MachineIdentity machine, String iss, String aud, Instant issuedAt,
			Instant expiresAt, UUID jti) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("app_id", machine.appId().toString());
		claims.put("app_name", machine.appName());
		claims.put("aud", List.of(aud));
		claims.put("exp", expiresAt);
		claims.put("iat", issuedAt);
		claims.put("image", machine.image());
		claims.put("image_digest", machine.imageDigest());
		claims.put("iss", iss);
		claims.put("jti", jti.toString());
		claims.put("machine_id", machine.machineId().toString());
		claims.put("machine_name", machine.machineName());
		claims.put("machine_version", Integer.toString(machine.machineVersion()));
		claims.put("nbf", issuedAt);
		claims.put("org_id", machine.orgId().toString());
		claims.put("org_name", machine.orgSlug());
		claims.put("region", machine.region());
		claims.put("sub", machine.subject());
		return claims;
	}

	/** The claims as the token carries them: times in seconds, a single audience as a string. */
	private static Map<String, Object> auditClaims(Map<String, Object> claims, Instant issuedAt, Instant expiresAt) {
		Map<String, Object> audit = new LinkedHashMap<>(claims);
		audit.put("aud", ((List<?>) claims.get("aud")).get(0));
		audit.put("exp", expiresAt.getEpochSecond());
		audit.put("iat", issuedAt.getEpochSecond());
		audit.put("nbf", issuedAt.getEpochSecond());
		return audit;
	}

}
