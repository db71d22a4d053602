package dev.sigil.issuer.credential;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A machine's credential, kept only as the hash of its secret. */
@Entity
@Table(name = "machine_credential")
public class MachineCredential {

	@Id
	private UUID id;

	@Column(name = "machine_id", nullable = false, updatable = false)
	private UUID machineId;

	@Column(name = "secret_hash", nullable = false, updatable = false)
	private byte[] secretHash;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected MachineCredential() {
	}

	MachineCredential(UUID machineId, byte[] secretHash, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.machineId = machineId;
		this.secretHash = secretHash;
		this.createdAt = createdAt;
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	public UUID getMachineId() {
		return this.machineId;
	}

	public boolean isRevoked() {
		return this.revokedAt != null;
	}

}
