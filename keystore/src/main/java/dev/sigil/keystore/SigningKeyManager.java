package dev.sigil.keystore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.crypto.SealedKey;

/** Creates and rotates org signing keys; the stored keys change only through here. */
@Service
public class SigningKeyManager {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeyManager.class);

	private final SigningKeyRepository repository;

	private final PrivateKeySealer sealer;

	private final KeyRing keyRing;

	private final Clock clock;

	public SigningKeyManager(SigningKeyRepository repository, PrivateKeySealer sealer, KeyRing keyRing, Clock clock) {
		this.repository = repository;
		this.sealer = sealer;
		this.keyRing = keyRing;
		this.clock = clock;
	}

	/** Makes the org's first key, active at once. */
	@Transactional
	public SigningKey createActiveKey(UUID orgId, SigningAlgorithm algorithm) {
		SigningKey key = newKey(orgId, algorithm, KeyState.ACTIVE);
		logger.info("Created signing key kid={} org={} algorithm={}", key.getKid(), orgId, algorithm);
		return key;
	}

	/**
	 * Replaces the org's active key with a new one; the old key stays published for
	 * {@code keepPublished} so that tokens it signed still verify.
	 */
	@Transactional
	public SigningKey rotate(UUID orgId, SigningAlgorithm algorithm, Duration keepPublished) {
		Instant now = this.clock.instant();
		for (SigningKey key : this.repository.findByOrgIdOrderByCreatedAtAsc(orgId)) {
			if (key.getState() == KeyState.ACTIVE) {
				key.retire(now, now.plus(keepPublished));
				this.repository.saveAndFlush(key);
				logger.info("Retired signing key kid={} org={}", key.getKid(), orgId);
			}
		}
		SigningKey key = newKey(orgId, algorithm, KeyState.ACTIVE);
		logger.info("Rotated to signing key kid={} org={}", key.getKid(), orgId);
		return key;
	}

	@Transactional(readOnly = true)
	public List<SigningKey> keysOf(UUID orgId) {
		return this.repository.findByOrgIdOrderByCreatedAtAsc(orgId);
	}

	private SigningKey newKey(UUID orgId, SigningAlgorithm algorithm, KeyState state) {
		JWK jwk;
		byte[] pkcs8;
		try {
			jwk = algorithm.generate();
			pkcs8 = algorithm.privateKey(jwk).getEncoded();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate a " + algorithm + " key", ex);
		}
		SealedKey sealed = this.sealer.seal(pkcs8, orgId, jwk.getKeyID());
		SigningKey key = new SigningKey(orgId, jwk.getKeyID(), algorithm, state, jwk.toPublicJWK().toJSONString(),
				sealed, this.clock.instant());
		this.repository.saveAndFlush(key);
		invalidateAfterCommit(orgId);
		return key;
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

}
