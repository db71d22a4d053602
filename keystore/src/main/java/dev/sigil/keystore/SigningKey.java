package dev.sigil.keystore;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.sigil.keystore.crypto.SealedKey;

/**
 * An org's signing key as stored: its public JWK, its private key sealed under a
 * key-encryption key, and the times of its lifecycle.
 */
@Entity
@Table(name = "signing_key")
public class SigningKey {

	@Id
	private UUID id;

	@Column(name = "org_id", nullable = false, updatable = false)
	private UUID orgId;

	@Column(nullable = false, updatable = false)
	private String kid;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private SigningAlgorithm algorithm;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private KeyState state;

	@Column(name = "public_jwk", nullable = false, updatable = false)
	private String publicJwk;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private KeyStorage storage;

	@Column(name = "private_key_ciphertext")
	private byte[] privateKeyCiphertext;

	@Column(name = "kek_id")
	private String kekId;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "activated_at")
	private Instant activatedAt;

	@Column(name = "retired_at")
	private Instant retiredAt;

	@Column(name = "unpublish_at")
	private Instant unpublishAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected SigningKey() {
	}

	/**
	 * A key whose private part is sealed in the row. Public for
	 * {@code SigningKeyManager}, which makes keys.
	 */
	public SigningKey(UUID orgId, String kid, SigningAlgorithm algorithm, KeyState state, String publicJwk,
			SealedKey sealed, Instant createdAt) {
		this(orgId, kid, algorithm, state, publicJwk, KeyStorage.DATABASE, createdAt);
		this.privateKeyCiphertext = sealed.ciphertext();
		this.kekId = sealed.kekId();
	}

	/**
	 * A key whose private part lives in a hardware token: the row holds no private
	 * material. Public for {@code SigningKeyManager}, which makes keys.
	 */
	public SigningKey(UUID orgId, String kid, SigningAlgorithm algorithm, KeyState state, String publicJwk,
			Instant createdAt) {
		this(orgId, kid, algorithm, state, publicJwk, KeyStorage.PKCS11, createdAt);
	}

	private SigningKey(UUID orgId, String kid, SigningAlgorithm algorithm, KeyState state, String publicJwk,
			KeyStorage storage, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.orgId = orgId;
		this.kid = kid;
		this.algorithm = algorithm;
		this.state = state;
		this.publicJwk = publicJwk;
		this.storage = storage;
		this.createdAt = createdAt;
		if (state == KeyState.ACTIVE) {
			this.activatedAt = createdAt;
		}
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getOrgId() {
		return this.orgId;
	}

	public String getKid() {
		return this.kid;
	}

	public SigningAlgorithm getAlgorithm() {
		return this.algorithm;
	}

	public KeyStorage getStorage() {
		return this.storage;
	}

	public KeyState getState() {
		return this.state;
	}

	public String getPublicJwk() {
		return this.publicJwk;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getActivatedAt() {
		return this.activatedAt;
	}

	public Instant getRetiredAt() {
		return this.retiredAt;
	}

	public Instant getUnpublishAt() {
		return this.unpublishAt;
	}

	public Instant getRevokedAt() {
		return this.revokedAt;
	}

	/** Whether the key is in the org's JWKS at the given time. */
	public boolean isPublishedAt(Instant now) {
		return switch (this.state) {
			case NEXT, ACTIVE -> true;
			case RETIRED -> this.unpublishAt == null || this.unpublishAt.isAfter(now);
			case REVOKED -> false;
		};
	}

	/**
	 * The sealed private key; only for a key stored in the database. Public for the key
	 * ring, which opens it, and the rotation, which re-wraps it.
	 */
	public SealedKey sealedPrivateKey() {
		if (this.storage != KeyStorage.DATABASE) {
			throw new IllegalStateException("Key " + this.kid + " is held in a " + this.storage + " token, not sealed");
		}
		return new SealedKey(this.kekId, this.privateKeyCiphertext);
	}

	/** Makes the key the one that signs. Public for {@code SigningKeyManager}. */
	public void activate(Instant now) {
		this.state = KeyState.ACTIVE;
		this.activatedAt = now;
	}

	/**
	 * Stops the key signing; it stays published until {@code unpublishAt}. Public for
	 * {@code SigningKeyManager}.
	 */
	public void retire(Instant now, Instant unpublishAt) {
		this.state = KeyState.RETIRED;
		this.retiredAt = now;
		this.unpublishAt = unpublishAt;
	}

	/**
	 * Takes the key out of service for good and destroys its private part. Public for
	 * {@code SigningKeyManager}.
	 */
	public void revoke(Instant now) {
		this.state = KeyState.REVOKED;
		this.revokedAt = now;
		if (this.storage == KeyStorage.DATABASE) {
			this.privateKeyCiphertext = new byte[0];
		}
	}

	/**
	 * Replaces the sealed private key, re-wrapped under the current KEK. Public for
	 * {@code SigningKeyManager}.
	 */
	public void reseal(SealedKey sealed) {
		this.privateKeyCiphertext = sealed.ciphertext();
		this.kekId = sealed.kekId();
	}

	/**
	 * The id of the KEK the private key is sealed under. Public for the key ring's
	 * fingerprint and the rotation's re-wrap.
	 */
	public String getKekId() {
		return this.kekId;
	}

	@Override
	public String toString() {
		return "SigningKey[org=" + this.orgId + ", kid=" + this.kid + ", " + this.algorithm + ", " + this.state + ", "
				+ this.storage + "]";
	}

}
