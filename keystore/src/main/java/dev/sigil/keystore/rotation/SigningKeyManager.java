package dev.sigil.keystore.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.keystore.KeyPolicy;
import dev.sigil.keystore.KeyState;
import dev.sigil.keystore.KeyStorage;
import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.SigningKey;
import dev.sigil.keystore.SigningKeyRepository;
import dev.sigil.keystore.crypto.KeyBinding;
import dev.sigil.keystore.crypto.KeyDecryptionException;
import dev.sigil.keystore.crypto.KeyEncryptionKeys;
import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.crypto.SealedKey;
import dev.sigil.keystore.crypto.SigningProvider;
import dev.sigil.keystore.pkcs11.Pkcs11Token;
import dev.sigil.keystore.ring.KeyOpener;
import dev.sigil.keystore.ring.KeyRing;

/**
 * Carries out every change to an org's signing keys,
 * {@code NEXT -> ACTIVE -> RETIRED -> (deleted)} or {@code REVOKED}, each in a
 * transaction that holds the org's advisory lock and records an admin event.
 * {@link KeyRotationScheduler} decides when; this class does it;
 * {@link SigningKeyRepository} stores it.
 */
@Service
public class SigningKeyManager {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeyManager.class);

	private final SigningKeyRepository repository;

	private final PrivateKeySealer sealer;

	private final KeyEncryptionKeys keks;

	private final KeyRing keyRing;

	private final AdminEvents events;

	private final JdbcClient jdbc;

	private final KeyPolicy policy;

	private final Clock clock;

	private final MeterRegistry meters;

	private final MaintenanceLock maintenanceLock;

	private final TransactionTemplate transactions;

	private final KeyOpener opener;

	private final SigningProvider provider;

	private final Pkcs11Token token;

	public SigningKeyManager(SigningKeyRepository repository, PrivateKeySealer sealer, KeyEncryptionKeys keks,
			KeyRing keyRing, AdminEvents events, JdbcClient jdbc, KeyPolicy policy, Clock clock, MeterRegistry meters,
			MaintenanceLock maintenanceLock, PlatformTransactionManager transactionManager, SigningProvider provider,
			Optional<Pkcs11Token> token) {
		this.repository = repository;
		this.sealer = sealer;
		this.keks = keks;
		this.keyRing = keyRing;
		this.events = events;
		this.jdbc = jdbc;
		this.policy = policy;
		this.clock = clock;
		this.meters = meters;
		this.maintenanceLock = maintenanceLock;
		this.transactions = new TransactionTemplate(transactionManager);
		this.provider = provider;
		this.token = token.orElse(null);
		this.opener = new KeyOpener(sealer, provider, this.token);
	}

	/** Makes a new org's keys: one ACTIVE, and a NEXT published from the start. */
	@Transactional
	public void createInitialKeys(UUID orgId, SigningAlgorithm algorithm, String actor) {
		lockOrg(orgId);
		newKey(orgId, algorithm, KeyState.ACTIVE, actor);
		newKey(orgId, algorithm, KeyState.NEXT, actor);
	}

	/**
	 * A planned rotation: the NEXT key becomes ACTIVE, the ACTIVE key RETIRED, and a new
	 * NEXT key is made.
	 * @throws KeyRotationRefusedException when the NEXT key has not been published for
	 * the publish-ahead time yet, or the JWKS would grow past its bound
	 */
	@Transactional
	public RotationResult rotate(UUID orgId, String actor) {
		lockOrg(orgId);
		return rotateLocked(orgId, actor, "forced");
	}

	/**
	 * An emergency revocation: the key leaves the JWKS at once; if it was ACTIVE, the
	 * NEXT key takes over at once. Always possible.
	 */
	@Transactional
	public SigningKey revoke(UUID orgId, String kid, String actor) {
		lockOrg(orgId);
		Instant now = this.clock.instant();
		List<SigningKey> keys = keysOfLocked(orgId);
		SigningKey key = keys.stream()
			.filter((candidate) -> candidate.getKid().equals(kid))
			.findFirst()
			.orElseThrow(() -> new UnknownKeyException("Org " + orgId + " has no key " + kid));
		KeyState before = key.getState();
		if (before == KeyState.REVOKED) {
			return key;
		}
		key.revoke(now);
		this.repository.saveAndFlush(key);
		destroyAfterCommit(key);
		record(actor, "key.revoked", key, "was " + before);
		this.meters.counter("sigil.keys.rotations", "reason", "revoked").increment();
		logger.warn("Revoked signing key kid={} org={} (was {})", kid, orgId, before);
		Optional<SigningKey> next = find(keys, KeyState.NEXT);
		if (before == KeyState.ACTIVE) {
			if (next.isPresent()) {
				activate(next.get(), now, actor, "emergency: replaces revoked " + kid);
				newKeyAlways(orgId, key.getAlgorithm(), KeyState.NEXT, actor);
			}
			else {
				newKeyAlways(orgId, key.getAlgorithm(), KeyState.ACTIVE, actor);
				newKeyAlways(orgId, key.getAlgorithm(), KeyState.NEXT, actor);
			}
		}
		else if (before == KeyState.NEXT) {
			newKeyAlways(orgId, key.getAlgorithm(), KeyState.NEXT, actor);
		}
		return key;
	}

	/**
	 * Takes every key of a deleted org out of service at once: nothing of the org is
	 * published or signs again. Always possible.
	 */
	@Transactional
	public void revokeAll(UUID orgId, String actor) {
		lockOrg(orgId);
		Instant now = this.clock.instant();
		for (SigningKey key : keysOfLocked(orgId)) {
			KeyState before = key.getState();
			if (before != KeyState.REVOKED) {
				key.revoke(now);
				this.repository.saveAndFlush(key);
				destroyAfterCommit(key);
				record(actor, "key.revoked", key, "org deleted; was " + before);
			}
		}
		logger.warn("Revoked every signing key of org={}", orgId);
	}

	/**
	 * The scheduled work, done by one replica at a time (the others skip while it holds
	 * the lock): rotate what is due, delete retired keys past their publication, re-wrap
	 * keys sealed under a previous KEK, and give every org a NEXT key. Each org's work
	 * commits on its own, so that no transaction spans orgs and one org's failure does
	 * not hold back the others.
	 * @return whether this replica did the work
	 */
	public boolean maintain(String actor) {
		return this.maintenanceLock.runIfFree(() -> {
			RuntimeException failure = null;
			for (UUID orgId : this.repository.findOrgIds()) {
				try {
					this.transactions.executeWithoutResult((status) -> {
						lockOrg(orgId);
						maintainOrg(orgId, this.clock.instant(), actor);
					});
				}
				catch (RuntimeException ex) {
					logger.error("Key maintenance of org={} failed: {}", orgId, ex.getMessage());
					failure = (failure == null) ? ex : failure;
				}
			}
			rewrap(actor);
			destroyRevoked();
			if (failure != null) {
				throw failure;
			}
		});
	}

	@Transactional(readOnly = true)
	public List<SigningKey> keysOf(UUID orgId) {
		return this.repository.findByOrgIdOrderByCreatedAtAsc(orgId);
	}

	private void maintainOrg(UUID orgId, Instant now, String actor) {
		List<SigningKey> keys = keysOfLocked(orgId);
		for (SigningKey key : keys) {
			if (key.getState() == KeyState.RETIRED && !key.isPublishedAt(now)) {
				if (!destroyBeforeDeleting(key)) {
					continue;
				}
				this.repository.delete(key);
				record(actor, "key.deleted", key, "publication ended " + key.getUnpublishAt());
				logger.info("Deleted retired signing key kid={} org={}", key.getKid(), orgId);
			}
		}
		this.repository.flush();
		Optional<SigningKey> active = find(keys, KeyState.ACTIVE);
		if (find(keys, KeyState.NEXT).isEmpty() && active.isPresent()) {
			newKey(orgId, active.get().getAlgorithm(), KeyState.NEXT, actor);
			return;
		}
		if (active.isPresent() && !active.get().getActivatedAt().plus(this.policy.rotationPeriod()).isAfter(now)) {
			try {
				rotateLocked(orgId, actor, "scheduled");
			}
			catch (KeyRotationRefusedException ex) {
				logger.info("Scheduled rotation of org={} postponed: {}", orgId, ex.getMessage());
			}
		}
	}

	private RotationResult rotateLocked(UUID orgId, String actor, String reason) {
		Instant now = this.clock.instant();
		List<SigningKey> keys = keysOfLocked(orgId);
		SigningKey active = find(keys, KeyState.ACTIVE)
			.orElseThrow(() -> new IllegalStateException("Org " + orgId + " has no active key"));
		Optional<SigningKey> next = find(keys, KeyState.NEXT);
		if (next.isEmpty()) {
			newKey(orgId, active.getAlgorithm(), KeyState.NEXT, actor);
			throw new KeyRotationRefusedException(
					"The org had no NEXT key; one is published now and may " + "activate after the publish-ahead time",
					now.plus(this.policy.publishAhead()));
		}
		Instant mayActivate = next.get().getCreatedAt().plus(this.policy.publishAhead());
		if (mayActivate.isAfter(now)) {
			throw new KeyRotationRefusedException(
					"NEXT key " + next.get().getKid() + " has not been published for the publish-ahead time yet",
					mayActivate);
		}
		long published = keys.stream().filter((key) -> key.isPublishedAt(now)).count();
		if (published + 1 > this.policy.maxPublished()) {
			Instant firstUnpublish = keys.stream()
				.filter((key) -> key.getState() == KeyState.RETIRED && key.isPublishedAt(now))
				.map(SigningKey::getUnpublishAt)
				.min(Comparator.naturalOrder())
				.orElse(now.plus(this.policy.retireAfter()));
			throw new KeyRotationRefusedException("The JWKS already holds " + published
					+ " keys; a rotation would pass the limit of " + this.policy.maxPublished(), firstUnpublish);
		}
		active.retire(now, now.plus(this.policy.retireAfter()));
		this.repository.saveAndFlush(active);
		record(actor, "key.retired", active, reason + " rotation; published until " + active.getUnpublishAt());
		activate(next.get(), now, actor, reason + " rotation");
		SigningKey fresh = newKey(orgId, active.getAlgorithm(), KeyState.NEXT, actor);
		this.meters.counter("sigil.keys.rotations", "reason", reason).increment();
		logger.info("Rotated org={} ({}): active kid={} next kid={}", orgId, reason, next.get().getKid(),
				fresh.getKid());
		return new RotationResult(next.get(), active, fresh);
	}

	private void activate(SigningKey key, Instant now, String actor, String detail) {
		key.activate(now);
		this.repository.saveAndFlush(key);
		record(actor, "key.activated", key, detail);
	}

	/**
	 * Re-seals every key sealed under a previous KEK, or in the format that did not yet
	 * bind the public key, under the current KEK and the full binding; a key that does
	 * not prove whole is left alone (and reported by the key ring), never re-sealed.
	 */
	private void rewrap(String actor) {
		String current = this.keks.current().id();
		for (SigningKey stale : this.repository.findByStateNot(KeyState.REVOKED)) {
			if (!needsRewrap(stale, current)) {
				continue;
			}
			this.transactions.executeWithoutResult((status) -> {
				lockOrg(stale.getOrgId());
				this.repository.findById(stale.getId())
					.filter((key) -> key.getState() != KeyState.REVOKED && needsRewrap(key, current))
					.ifPresent((key) -> rewrap(key, current, actor));
			});
		}
	}

	private static boolean needsRewrap(SigningKey key, String currentKek) {
		return key.getStorage() == KeyStorage.DATABASE && (!key.getKekId().equals(currentKek)
				|| key.sealedPrivateKey().format() != PrivateKeySealer.FORMAT_BOUND);
	}

	private void rewrap(SigningKey key, String current, String actor) {
		String previous = key.getKekId();
		int format = key.sealedPrivateKey().format();
		byte[] material;
		try {
			material = this.opener.openMaterial(key);
		}
		catch (KeyDecryptionException ex) {
			// One key this replica cannot open must not stop the rotation of every other
			// org.
			logger.error("Cannot re-wrap: {}", ex.getMessage());
			return;
		}
		key.reseal(this.sealer.seal(material, KeyOpener.bindingOf(key, KeyOpener.publicPart(key))));
		java.util.Arrays.fill(material, (byte) 0);
		this.repository.saveAndFlush(key);
		record(actor, "key.rewrapped", key, "from KEK " + previous + " (format " + format + ") to KEK " + current
				+ " (format " + PrivateKeySealer.FORMAT_BOUND + ")");
		logger.info("Re-wrapped signing key kid={} org={} from KEK {} to {}", key.getKid(), key.getOrgId(), previous,
				current);
	}

	private SigningKey newKey(UUID orgId, SigningAlgorithm algorithm, KeyState state, String actor) {
		SigningKey key = (this.token != null && this.token.makesNewKeys()) ? newTokenKey(orgId, algorithm, state)
				: newSealedKey(orgId, algorithm, state);
		return save(key, state, algorithm, actor);
	}

	/**
	 * A key for a revocation, which must always be possible: when the token cannot make
	 * one (unreachable), the replacement is sealed in the database instead, and the next
	 * rotation makes a hardware key again.
	 */
	private SigningKey newKeyAlways(UUID orgId, SigningAlgorithm algorithm, KeyState state, String actor) {
		if (this.token == null || !this.token.makesNewKeys()) {
			return newKey(orgId, algorithm, state, actor);
		}
		SigningKey key;
		try {
			key = newTokenKey(orgId, algorithm, state);
		}
		catch (IllegalStateException ex) {
			logger.error("The token cannot make the key that replaces a revoked one of org={} ({}): sealing it in "
					+ "the database instead, until the next rotation", orgId, ex.getMessage());
			key = newSealedKey(orgId, algorithm, state);
		}
		return save(key, state, algorithm, actor);
	}

	private SigningKey save(SigningKey key, KeyState state, SigningAlgorithm algorithm, String actor) {
		UUID orgId = key.getOrgId();
		this.repository.saveAndFlush(key);
		record(actor, "key.created", key, state + " " + algorithm + " (" + key.getStorage() + ")");
		logger.info("Created signing key kid={} org={} state={} algorithm={} storage={}", key.getKid(), orgId, state,
				algorithm, key.getStorage());
		return key;
	}

	/**
	 * A key generated in the token; if the transaction that records it rolls back, its
	 * token object is destroyed.
	 */
	private SigningKey newTokenKey(UUID orgId, SigningAlgorithm algorithm, KeyState state) {
		Instant now = this.clock.instant();
		JWK publicJwk = this.token.generate(algorithm, orgId, now);
		SigningKey key = new SigningKey(orgId, publicJwk.getKeyID(), algorithm, state, publicJwk.toJSONString(), now);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					if (status == STATUS_ROLLED_BACK) {
						destroyQuietly(key.getKid(), orgId);
					}
				}
			});
		}
		return key;
	}

	private SigningKey newSealedKey(UUID orgId, SigningAlgorithm algorithm, KeyState state) {
		JWK jwk;
		byte[] pkcs8;
		try {
			jwk = algorithm.generate(this.provider);
			pkcs8 = algorithm.privateKey(jwk).getEncoded();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate a " + algorithm + " key", ex);
		}
		JWK publicJwk = jwk.toPublicJWK();
		SealedKey sealed;
		try {
			sealed = this.sealer.seal(pkcs8,
					new KeyBinding(orgId, jwk.getKeyID(), algorithm.name(), publicJwk.computeThumbprint().toString()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not compute the thumbprint of a new " + algorithm + " key", ex);
		}
		finally {
			java.util.Arrays.fill(pkcs8, (byte) 0);
		}
		return new SigningKey(orgId, jwk.getKeyID(), algorithm, state, publicJwk.toJSONString(), sealed,
				this.clock.instant());
	}

	/**
	 * Destroys a revoked token key's object once the revocation has committed (never
	 * before: a rollback would leave a key in service whose object is gone). If that
	 * fails, {@link #destroyRevoked} tries again on every maintenance run.
	 */
	private void destroyAfterCommit(SigningKey key) {
		if (key.getStorage() != KeyStorage.PKCS11 || this.token == null) {
			return;
		}
		String kid = key.getKid();
		UUID orgId = key.getOrgId();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					destroyQuietly(kid, orgId);
				}
			});
		}
	}

	/**
	 * Destroys a retired token key's object before its row is deleted, so that the row
	 * stays (and the next run tries again) while the object cannot be destroyed. A
	 * rollback after the destroy leaves a row whose publication has ended: it is never
	 * loaded, and the next run deletes it.
	 * @return whether the row may be deleted
	 */
	private boolean destroyBeforeDeleting(SigningKey key) {
		if (key.getStorage() != KeyStorage.PKCS11) {
			return true;
		}
		if (this.token == null) {
			logger.error("Cannot delete retired key kid={} org={}: it is held in a PKCS#11 token and this server has "
					+ "none (SIGIL_PKCS11_LIBRARY)", key.getKid(), key.getOrgId());
			return false;
		}
		try {
			this.token.destroy(key.getKid(), key.getOrgId());
			return true;
		}
		catch (IllegalStateException ex) {
			logger.error("Could not destroy the token object of retired kid={}: {}", key.getKid(), ex.getMessage());
			return false;
		}
	}

	private void destroyQuietly(String kid, UUID orgId) {
		try {
			this.token.destroy(kid, orgId);
		}
		catch (RuntimeException ex) {
			logger.error("Could not destroy the token object of kid={}: {}", kid, ex.getMessage());
		}
	}

	/**
	 * Destroys the token objects of revoked keys that are still there (their destroy
	 * failed). Only keys this database knows as revoked are touched, never an object it
	 * has no row for: a token may be shared with another deployment, or with a copy of
	 * this database restored elsewhere.
	 */
	private void destroyRevoked() {
		if (this.token == null) {
			return;
		}
		Set<String> present;
		try {
			present = this.token.kids();
		}
		catch (IllegalStateException ex) {
			logger.error("Cannot list the token to destroy revoked keys: {}", ex.getMessage());
			return;
		}
		this.jdbc.sql("select kid, org_id from signing_key where state = 'REVOKED' and storage = 'PKCS11'")
			.query((rs) -> {
				String kid = rs.getString("kid");
				if (present.contains(kid)) {
					logger.warn("Destroying the token object of revoked kid={}", kid);
					destroyQuietly(kid, rs.getObject("org_id", UUID.class));
				}
			});
	}

	private List<SigningKey> keysOfLocked(UUID orgId) {
		return this.repository.findByOrgIdOrderByCreatedAtAsc(orgId);
	}

	private static Optional<SigningKey> find(List<SigningKey> keys, KeyState state) {
		return keys.stream().filter((key) -> key.getState() == state).findFirst();
	}

	private void record(String actor, String action, SigningKey key, String detail) {
		this.events.record(actor, action, key.getOrgId(), key.getKid(), detail);
		invalidateAfterCommit(key.getOrgId());
	}

	/**
	 * Serialises key changes of one org across threads and replicas, until the
	 * transaction ends.
	 */
	private void lockOrg(UUID orgId) {
		this.jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param("sigil.keys." + orgId).query().singleRow();
	}

	private void invalidateAfterCommit(UUID orgId) {
		this.keyRing.invalidate(orgId);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					SigningKeyManager.this.keyRing.invalidate(orgId);
				}
			});
		}
	}

	/** What a rotation did. */
	public record RotationResult(SigningKey activated, SigningKey retired, SigningKey next) {
	}

}
