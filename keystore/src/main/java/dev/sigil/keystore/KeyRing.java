package dev.sigil.keystore;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.JWK;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.sigil.changefeed.VersionedCache;
import dev.sigil.keystore.crypto.KeyDecryptionException;
import dev.sigil.keystore.crypto.PrivateKeySealer;

/**
 * Serves each org's keys from memory, so that signing and the JWKS need no database round trip.
 * An org's entry is loaded on first use, dropped whenever its keys change (here or, through
 * {@link KeyRingSync}, on another replica), and reloaded when a retired key's publication ends. The
 * cache is versioned: a load that read the database before a change can never keep what it read.
 */
@Component
public class KeyRing {

	private static final Logger logger = LoggerFactory.getLogger(KeyRing.class);

	/** A bound on the orgs held, and an age past which an entry is read again whatever happened. */
	private final VersionedCache<UUID, Entry> cache = new VersionedCache<>(100_000, Duration.ofMinutes(15));

	private final Map<UUID, String> unavailable = new ConcurrentHashMap<>();

	private final SigningKeyRepository repository;

	private final PrivateKeySealer sealer;

	private final Clock clock;

	public KeyRing(SigningKeyRepository repository, PrivateKeySealer sealer, Clock clock) {
		this.repository = repository;
		this.sealer = sealer;
		this.clock = clock;
	}

	/** The org's keys; when its active key cannot be opened, they publish but do not sign. */
	public OrgKeys keys(UUID orgId) {
		Instant now = this.clock.instant();
		Entry entry = this.cache.getIfPresent(orgId);
		if (entry != null && !entry.validUntil().isAfter(now)) {
			this.cache.invalidate(orgId);
			entry = null;
		}
		if (entry == null) {
			entry = this.cache.get(orgId, (id) -> load(id, now));
		}
		return entry.keys();
	}

	/** Forgets everything held; every org's next use reads the database again. */
	public void invalidateAll() {
		this.cache.invalidateAll();
	}

	/** Forgets what is held for the org; the next use reads the database again. */
	public void invalidate(UUID orgId) {
		this.cache.invalidate(orgId);
	}

	/**
	 * Loads every org's keys, so that a key that cannot be decrypted is reported at start-up rather
	 * than at the first token request.
	 */
	public void warmUp() {
		Instant now = this.clock.instant();
		for (UUID orgId : this.repository.findOrgIds()) {
			this.cache.invalidate(orgId);
			this.cache.get(orgId, (id) -> load(id, now));
		}
	}

	/** Orgs whose active key cannot be used now, with the reason (which kid, which KEK). */
	public Map<UUID, String> unavailable() {
		return Map.copyOf(this.unavailable);
	}

	private Entry load(UUID orgId, Instant now) {
		ActiveKey active = null;
		String unavailableReason = null;
		Instant validUntil = Instant.MAX;
		List<JWK> published = new ArrayList<>();
		for (SigningKey key : this.repository.findByOrgIdOrderByCreatedAtAsc(orgId)) {
			if (!key.isPublishedAt(now)) {
				continue;
			}
			if (key.getState() == KeyState.RETIRED && key.getUnpublishAt() != null
					&& key.getUnpublishAt().isBefore(validUntil)) {
				validUntil = key.getUnpublishAt();
			}
			JWK publicJwk = parse(key);
			published.add(publicJwk);
			if (key.getState() == KeyState.ACTIVE) {
				try {
					byte[] pkcs8 = this.sealer.open(key.sealedPrivateKey(), orgId, key.getKid());
					active = new ActiveKey(key.getKid(), key.getAlgorithm(),
							key.getAlgorithm().restore(publicJwk, pkcs8));
					java.util.Arrays.fill(pkcs8, (byte) 0);
				}
				catch (KeyDecryptionException ex) {
					unavailableReason = ex.getMessage();
					logger.error("Cannot sign for org={}: {}", orgId, ex.getMessage());
				}
			}
		}
		if (unavailableReason != null) {
			this.unavailable.put(orgId, unavailableReason);
		}
		else {
			this.unavailable.remove(orgId);
		}
		return new Entry(new OrgKeys(orgId, active, unavailableReason, published), validUntil);
	}

	private static JWK parse(SigningKey key) {
		try {
			return JWK.parse(key.getPublicJwk());
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored public key " + key.getKid() + " is not a JWK", ex);
		}
	}

	private record Entry(OrgKeys keys, Instant validUntil) {
	}

}
