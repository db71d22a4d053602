package dev.sigil.issuer.credential;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A management API token, kept only as the hash of its secret: a role, the org an org
 * admin is bound to, an optional expiry, and when it was last used.
 */
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

	@Column(name = "org_id")
	private UUID orgId;

	@Column(name = "secret_hash", nullable = false)
	private byte[] secretHash;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "created_by")
	private String createdBy;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	/** Comma-separated permissions, null for all of the role. */
	@Column(name = "permissions", updatable = false)
	private String permissions;

	/** Comma-separated app names the permissions hold for, null for all. */
	@Column(name = "apps", updatable = false)
	private String apps;

	protected ApiToken() {
	}

	ApiToken(String name, ApiRole role, UUID orgId, byte[] secretHash, Instant createdAt, String createdBy,
			Instant expiresAt) {
		this.id = UUID.randomUUID();
		this.name = name;
		this.role = role;
		this.orgId = orgId;
		this.secretHash = secretHash;
		this.createdAt = createdAt;
		this.createdBy = createdBy;
		this.expiresAt = expiresAt;
	}

	void limit(List<String> permissions, List<String> apps) {
		this.permissions = (permissions != null) ? String.join(",", permissions) : null;
		this.apps = (apps != null) ? String.join(",", apps) : null;
	}

	/** The permissions, or null for everything the role allows. */
	public List<String> getPermissions() {
		return (this.permissions != null) ? List.of(this.permissions.split(",")) : null;
	}

	/** The apps the permissions hold for, or null for every app of the org. */
	public List<String> getApps() {
		return (this.apps != null) ? List.of(this.apps.split(",")) : null;
	}

	void replaceSecret(byte[] secretHash, Instant now) {
		this.secretHash = secretHash;
		this.revokedAt = null;
		this.lastUsedAt = null;
	}

	void revoke(Instant now) {
		this.revokedAt = now;
	}

	/** Whether the token may be used now: not revoked and not expired. */
	public boolean isLiveAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || this.expiresAt.isAfter(now));
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

	public UUID getOrgId() {
		return this.orgId;
	}

	byte[] getSecretHash() {
		return this.secretHash;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	public Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	public Instant getRevokedAt() {
		return this.revokedAt;
	}

	public boolean isRevoked() {
		return this.revokedAt != null;
	}

	@Override
	public String toString() {
		return "ApiToken[" + this.name + ", " + this.role + "]";
	}

}
