package dev.sigil.issuer.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import dev.sigil.issuer.audit.LedgerIds;
import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.oidc.IssuerProperties;
import dev.sigil.keystore.ring.ActiveKey;
import dev.sigil.keystore.ring.KeyRing;
import dev.sigil.keystore.ring.OrgKeys;

/**
 * Mints a machine's token: adds the per-token claims to the machine's prepared ones,
 * signs with the org's active key from memory, and commits the audit entry before handing
 * the token back.
 */
@Service
public class MachineTokenMinter {

	/**
	 * The one claim a federated machine's token adds: its outside subject's issuer and
	 * {@code sub}.
	 */
	public static final String FEDERATION_CLAIM = "sigil_federation";

	/**
	 * The claims a machine token may carry: every token has all but {@code labels} (when
	 * its app lists label keys), {@code nonce} (when the machine asked for one) and
	 * {@value #FEDERATION_CLAIM} (for a machine that came through a token exchange).
	 */
	public static final List<String> CLAIMS = List.of("app_id", "app_name", "aud", "exp", "iat", "image",
			"image_digest", "iss", "jti", "labels", "machine_id", "machine_name", "machine_version", "nbf", "nonce",
			"org_id", "org_name", "region", "sub", FEDERATION_CLAIM);

	private final KeyRing keyRing;

	private final AuditLedger ledger;

	private final IssuerProperties issuer;

	private final TokenProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	// Bounded: machines and orgs come and go. A template or signer is checked against the
	// current
	// machine or key before use, so an entry can be stale only in being unused.
	private final Cache<UUID, ClaimsTemplate> templates = Caffeine.newBuilder().maximumSize(100_000).build();

	private final Cache<UUID, JwtSigner> signers = Caffeine.newBuilder().maximumSize(100_000).build();

	private final Cache<String, Meters> meterCache = Caffeine.newBuilder().maximumSize(10_000).build();

	public MachineTokenMinter(KeyRing keyRing, AuditLedger ledger, IssuerProperties issuer, TokenProperties properties,
			Clock clock, MeterRegistry meters, ChangeFeed feed) {
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
		return mint(machine, (audience != null) ? List.of(audience) : List.of(), clientAddress, null, null);
	}

	/**
	 * Issues a token for the machine, with several audiences, for a machine that came
	 * through a token exchange (its subject's issuer and {@code sub} under
	 * {@value #FEDERATION_CLAIM}), or with a shorter lifetime.
	 * @param audiences the requested audiences, none for the org's issuer URL
	 * @param federated the outside subject, or null
	 * @param lifetime the token's lifetime, or null for the platform's (never longer than
	 * it)
	 */
	public IssuedToken mint(MachineIdentity machine, List<String> audiences, String clientAddress,
			FederatedSubject federated, Duration lifetime) {
		long start = System.nanoTime();
		String outcome = "error";
		try {
			IssuedToken token = signAndRecord(machine, audiences, clientAddress, federated, lifetime);
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

	/**
	 * Issues a token for the machine without holding the caller's thread while its audit
	 * row commits: the claims are checked and the token signed now (a
	 * {@link SigilException} is thrown for a request that cannot be answered), and the
	 * future completes with the token once the row is durable, or fails with a
	 * {@link SigilException} saying why no token was issued. It completes on the ledger
	 * writer's thread.
	 */
	public CompletableFuture<IssuedToken> mintAsync(MachineIdentity machine, List<String> audiences, String nonce,
			String clientAddress) {
		long start = System.nanoTime();
		Signed signed;
		try {
			signed = sign(machine, audiences, clientAddress, null, null, Nonces.check(nonce));
		}
		catch (SigilException ex) {
			meters(machine.orgSlug(), ex.problem().name().toLowerCase(Locale.ROOT)).record(System.nanoTime() - start,
					TimeUnit.NANOSECONDS);
			throw ex;
		}
		catch (AuditRecordRefusedException ex) {
			meters(machine.orgSlug(), "audit_record_refused").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			throw refused(ex);
		}
		return this.ledger.submit(signed.entry()).handle((committed, failure) -> {
			String outcome = "issued";
			RuntimeException refusal = null;
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (cause instanceof AuditRecordRefusedException refused) {
					outcome = "audit_record_refused";
					refusal = refused(refused);
				}
				else {
					outcome = "database_unavailable";
					refusal = new SigilException(Problem.DATABASE_UNAVAILABLE,
							"The audit ledger could not be written; no token was issued", cause);
				}
			}
			meters(machine.orgSlug(), outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			if (refusal != null) {
				throw refusal;
			}
			return signed.token();
		});
	}

	private static SigilException refused(AuditRecordRefusedException ex) {
		return new SigilException(Problem.AUDIT_RECORD_REFUSED,
				"The audit record of this token was refused by the database; no token was issued", ex);
	}

	private IssuedToken signAndRecord(MachineIdentity machine, List<String> audiences, String clientAddress,
			FederatedSubject federated, Duration requestedLifetime) {
		Signed signed = sign(machine, audiences, clientAddress, federated, requestedLifetime, null);
		this.ledger.record(signed.entry());
		return signed.token();
	}

	/** A token signed, and the audit entry that must commit before it is handed out. */
	private record Signed(IssuedToken token, AuditEntry entry) {
	}

	private Signed sign(MachineIdentity machine, List<String> audiences, String clientAddress,
			FederatedSubject federated, Duration requestedLifetime, String nonce) {
		JwtSigner signer = signer(machine);
		ClaimsTemplate template = this.templates.getIfPresent(machine.machineId());
		if (template == null || !template.describes(machine)) {
			template = new ClaimsTemplate(machine, this.issuer.issuerOf(machine.orgSlug()));
			this.templates.put(machine.machineId(), template);
		}
		List<String> aud = audiences.isEmpty() ? List.of(template.issuer()) : Audiences.checkAll(audiences);
		Duration lifetime = lifetime(machine, requestedLifetime);
		// The jti carries the issue time to the millisecond (the ledger's partition); the
		// token's iat,
		// nbf and exp are whole seconds.
		long now = this.clock.millis();
		UUID jti = LedgerIds.jti(now);
		Instant recordedAt = Instant.ofEpochMilli(now);
		Instant issuedAt = Instant.ofEpochSecond(Math.floorDiv(now, 1000));
		Instant expiresAt = issuedAt.plus(lifetime);
		String extra = ((nonce != null) ? ",\"nonce\":" + JsonText.quote(nonce) : "")
				+ ((federated != null) ? ",\"" + FEDERATION_CLAIM + "\":{\"iss\":" + JsonText.quote(federated.issuer())
						+ ",\"sub\":" + JsonText.quote(federated.subject()) + "}" : "");
		String payload = template.payload(audienceJson(aud), issuedAt.getEpochSecond(), expiresAt.getEpochSecond(),
				jti.toString(), extra);
		AuditEntry entry;
		try {
			entry = new AuditEntry(jti, machine.orgId(), machine.appId(), machine.appName(), machine.machineId(),
					machine.machineName(), machine.machineVersion(), machine.subject(), String.join(" ", aud),
					signer.key().kid(), recordedAt, expiresAt, clientAddress, payload);
		}
		catch (IllegalArgumentException ex) {
			throw new AuditRecordRefusedException(ex.getMessage(), ex);
		}
		String value = sign(machine, signer, payload);
		return new Signed(new IssuedToken(value, jti, signer.key().kid()), entry);
	}

	/**
	 * The lifetime a token of this machine gets: its app's (never past the app maximum in
	 * force now, which the key policy was built for), else the platform's; shorter if
	 * asked for.
	 * @param requested a shorter lifetime asked for (a token exchange's), or null
	 */
	public Duration lifetime(MachineIdentity machine, Duration requested) {
		Duration allowed = this.properties.lifetime();
		if (machine.tokenLifetime() != null) {
			allowed = (machine.tokenLifetime().compareTo(this.properties.appLifetimeMax()) < 0)
					? machine.tokenLifetime() : this.properties.appLifetimeMax();
		}
		return (requested != null && requested.compareTo(allowed) < 0) ? requested : allowed;
	}

	/** One audience as a string (as relying parties expect), several as an array. */
	private static String audienceJson(List<String> audiences) {
		if (audiences.size() == 1) {
			return JsonText.quote(audiences.get(0));
		}
		return "[" + String.join(",", audiences.stream().map(JsonText::quote).toList()) + "]";
	}

	/**
	 * Signs on the request's thread. (A fair semaphore once held signatures to one per
	 * core, when the JDK's RSA was nearly all of a request's CPU; with native signing
	 * about a quarter of the CPU, its hand-offs between threads cost more than they
	 * saved: RS256 at 64 connections went from about 3,100 to about 3,700 tokens/s
	 * without it.)
	 */
	private String sign(MachineIdentity machine, JwtSigner signer, String payload) {
		try {
			return signer.sign(payload);
		}
		catch (RuntimeException ex) {
			// A key in a hardware token can fail at any time (its object deleted, the HSM
			// unreachable): the org is unavailable until its keys are proven again, as
			// when
			// a key cannot be opened, and this request gets the same answer.
			this.signers.invalidate(machine.orgId());
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			this.keyRing.signingFailed(machine.orgId(), signer.key().kid(), String.valueOf(cause.getMessage()));
			throw new SigilException(Problem.SIGNING_KEY_UNAVAILABLE,
					"Signing with kid " + signer.key().kid() + " failed; the org's keys are being checked again");
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
