package dev.sigil.adminui.user;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who signs in to the admin UI; the password is kept only as a slow hash. */
@Entity
@Table(name = "admin_user")
public class AdminUser {

	@Id
	private UUID id;

	@Column(nullable = false, updatable = false)
	private String username;

	@Column(name = "password_hash")
	private String passwordHash;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private AdminRole role;

	@Column(name = "org_id")
	private UUID orgId;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "failed_attempts", nullable = false)
	private int failedAttempts;

	@Column(name = "locked_until")
	private Instant lockedUntil;

	protected AdminUser() {
	}

	AdminUser(String username, String passwordHash, AdminRole role, UUID orgId, Instant now) {
		this.id = UUID.randomUUID();
		this.username = username;
		this.passwordHash = passwordHash;
		this.role = role;
		this.orgId = orgId;
		this.createdAt = now;
	}

	void changePassword(String passwordHash) {
		this.passwordHash = passwordHash;
	}

	void makePlatformAdmin() {
		this.role = AdminRole.PLATFORM_ADMIN;
		this.orgId = null;
	}

	public boolean isLockedAt(Instant now) {
		return this.lockedUntil != null && this.lockedUntil.isAfter(now);
	}

	public UUID getId() {
		return this.id;
	}

	public String getUsername() {
		return this.username;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	public AdminRole getRole() {
		return this.role;
	}

	public UUID getOrgId() {
		return this.orgId;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getLockedUntil() {
		return this.lockedUntil;
	}

}
