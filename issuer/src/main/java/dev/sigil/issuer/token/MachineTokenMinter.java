package dev.sigil.issuer.token;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import dev.sigil.changefeed.ChangeFeed;
import dev.sigil.issuer.audit.AuditEntry;
import dev.sigil.issuer.audit.AuditLedger;
import dev.sigil.issuer.audit.AuditRecordRefusedException;
import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.oidc.IssuerProperties;
import dev.sigil.keystore.ActiveKey;
import dev.sigil.keystore.KeyRing;
import dev.sigil.keystore.OrgKeys;

/**
 * Mints a machine's token: adds the per-token claims to the machine's prepared ones, signs with the
 * org's active key from memory, and commits the audit entry before handing the token back.
 */
@Service
public class MachineTokenMinter {

	/** The claims of every machine token. */
	public static final List<String> CLAIMS = List.of("app_id", "app_name", "aud", "exp", "iat", "image",
			"image_digest", "iss", "jti", "machine_id", "machine_name", "machine_version", "nbf", "org_id", "org_name",
			"region", "sub");

	private final KeyRing keyRing;

	private final AuditLedger ledger;

	private final IssuerProperties issuer;

	private final TokenProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	// Bounded: machines and orgs come and go. A template or signer is checked against the current
	// machine or key before use, so an entry can be stale only in being unused.
	private final Cache<UUID, ClaimsTemplate> templates = Caffeine.newBuilder().maximumSize(100_000).build();

	private final Cache<UUID, JwtSigner> signers = Caffeine.newBuilder().maximumSize(100_000).build();

	private final Cache<String, Meters> meterCache = Caffeine.newBuilder().maximumSize(10_000).build();

	private final Semaphore signing = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

	public MachineTokenMinter(KeyRing keyRing, AuditLedger ledger, IssuerProperties issuer,
			TokenProperties properties, Clock clock, MeterRegistry meters, ChangeFeed feed) {
		this.keyRing = keyRing;
		this.ledger = ledger;
		this.issuer = issuer;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		// A revoked or rotated key's private part must not linger in a signer.
		feed.subscribe((event) -> {
			if (event.orgId() != null && (event.action().startsWith("key.") || event.action().equals("org.deleted"))) {
				this.signers.invalidate(event.orgId());
			}
		});
		feed.onResync(this.signers::invalidateAll);
	}

	/**
	 * Issues a token for the machine.
	 * @param audience the requested {@code aud}, or null for the org's issuer URL
	 * @param clientAddress the address the request came from, for the audit entry
	 */
	public IssuedToken mint(MachineIdentity machine, String audience, String clientAddress) {
		long start = System.nanoTime();
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
		catch (AuditRecordRefusedException ex) {
			outcome = "audit_record_refused";
			throw new SigilException(Problem.AUDIT_RECORD_REFUSED,
					"The audit record of this token was refused by the database; no token was issued", ex);
		}
		catch (DataAccessException ex) {
			outcome = "database_unavailable";
			throw new SigilException(Problem.DATABASE_UNAVAILABLE,
					"The audit ledger could not be written; no token was issued", ex);
		}
		finally {
			meters(machine.orgSlug(), outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private IssuedToken signAndRecord(MachineIdentity machine, String audience, String clientAddress) {
		JwtSigner signer = signer(machine);
		ClaimsTemplate template = this.templates.getIfPresent(machine.machineId());
		if (template == null || !template.describes(machine)) {
			template = new ClaimsTemplate(machine, this.issuer.issuerOf(machine.orgSlug()));
			this.templates.put(machine.machineId(), template);
		}
		String aud = (audience != null) ? Audiences.check(audience) : template.issuer();
		Instant issuedAt = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
		Instant expiresAt = issuedAt.plus(this.properties.lifetime());
		UUID jti = UUID.randomUUID();
		String payload = template.payload(aud, issuedAt.getEpochSecond(), expiresAt.getEpochSecond(), jti.toString());
		AuditEntry entry;
		try {
			entry = new AuditEntry(jti, machine.orgId(), machine.appId(), machine.appName(), machine.machineId(),
					machine.machineName(), machine.machineVersion(), machine.subject(), aud, signer.key().kid(),
					issuedAt, expiresAt, clientAddress, payload);
		}
		catch (IllegalArgumentException ex) {
			throw new AuditRecordRefusedException(ex.getMessage(), ex);
		}
		String value = sign(signer, payload);
		this.ledger.record(entry);
		return new IssuedToken(value, jti, signer.key().kid());
	}

	/**
	 * Signs with at most one signature per core at a time: the signature is nearly all of a request's
	 * CPU, and letting more requests than cores share the cores only makes each of them slower.
	 */
	private String sign(JwtSigner signer, String payload) {
		this.signing.acquireUninterruptibly();
		try {
			return signer.sign(payload);
		}
		finally {
			this.signing.release();
		}
	}

	private JwtSigner signer(MachineIdentity machine) {
		OrgKeys keys = this.keyRing.keys(machine.orgId());
		ActiveKey active = keys.active()
			.orElseThrow(() -> new SigilException(Problem.SIGNING_KEY_UNAVAILABLE, keys.unavailableReason()));
		JwtSigner signer = this.signers.getIfPresent(machine.orgId());
		if (signer == null || signer.key() != active) {
			signer = JwtSigner.of(active);
			this.signers.put(machine.orgId(), signer);
		}
		return signer;
	}

	private Timer meters(String org, String outcome) {
		Meters cached = this.meterCache.get(org + " " + outcome,
				(key) -> new Meters(this.meters.counter("sigil.tokens.issued", "org", org, "outcome", outcome),
						this.meters.timer("sigil.tokens.issue", "org", org, "outcome", outcome)));
		cached.issued().increment();
		return cached.duration();
	}

	private record Meters(Counter issued, Timer duration) {
	}

}
