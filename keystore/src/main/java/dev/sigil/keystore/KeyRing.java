package dev.sigil.keystore;

import java.text.ParseException;
import java.time.Clock;
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

import dev.sigil.keystore.crypto.KeyDecryptionException;
import dev.sigil.keystore.crypto.PrivateKeySealer;

/**
 * Serves each org's keys from memory, so that signing and the JWKS need no database round trip.
 * An org's entry is loaded on first use and dropped whenever its keys change.
 */
@Component
public class KeyRing {

	private static final Logger logger = LoggerFactory.getLogger(KeyRing.class);

	private final Map<UUID, OrgKeys> cache = new ConcurrentHashMap<>();

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
		OrgKeys keys = this.cache.get(orgId);
		if (keys == null) {
			keys = load(orgId);
			this.cache.put(orgId, keys);
		}
		return keys;
	}

	/** Forgets what is held for the org; the next use reads the database again. */
	public void invalidate(UUID orgId) {
		this.cache.remove(orgId);
	}

	/** Forgets everything held. */
	public void invalidateAll() {
		this.cache.clear();
	}

	private OrgKeys load(UUID orgId) {
		Instant now = this.clock.instant();
		ActiveKey active = null;
		String unavailableReason = null;
		List<JWK> published = new ArrayList<>();
		for (SigningKey key : this.repository.findByOrgIdOrderByCreatedAtAsc(orgId)) {
			if (key.getState() == KeyState.RETIRED && key.getUnpublishAt() != null
					&& !key.getUnpublishAt().isAfter(now)) {
				continue;
			}
			JWK publicJwk = parse(key);
			published.add(publicJwk);
			if (key.getState() == KeyState.ACTIVE) {
				try {
					byte[] pkcs8 = this.sealer.open(key.sealedPrivateKey(), orgId, key.getKid());
					active = new ActiveKey(key.getKid(), key.getAlgorithm(),
							key.getAlgorithm().restore(publicJwk, pkcs8));
				}
				catch (KeyDecryptionException ex) {
					unavailableReason = ex.getMessage();
					logger.error("Cannot sign for org={}: {}", orgId, ex.getMessage());
				}
			}
		}
		return new OrgKeys(orgId, active, unavailableReason, published);
	}

	private static JWK parse(SigningKey key) {
		try {
			return JWK.parse(key.getPublicJwk());
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored public key " + key.getKid() + " is not a JWK", ex);
		}
	}

}
