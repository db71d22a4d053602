package dev.sigil.issuer.credential;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A management API token, kept only as the hash of its secret. */
@Entity
@Table(name = "api_token")
public class ApiToken {

	@Id
	private UUID id;

	@Column(nullable = false)
	private String name;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private ApiRole role;

	@Column(name = "secret_hash", nullable = false)
	private byte[] secretHash;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected ApiToken() {
	}

	ApiToken(String name, ApiRole role, byte[] secretHash, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.name = name;
		this.role = role;
		this.secretHash = secretHash;
		this.createdAt = createdAt;
	}

	void replaceSecret(byte[] secretHash, Instant now) {
		this.secretHash = secretHash;
		this.createdAt = now;
		this.revokedAt = null;
	}

	public UUID getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public ApiRole getRole() {
		return this.role;
	}

	byte[] getSecretHash() {
		return this.secretHash;
	}

	public boolean isRevoked() {
		return this.revokedAt != null;
	}

}
