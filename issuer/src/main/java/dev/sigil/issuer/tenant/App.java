package dev.sigil.issuer.tenant;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An application of an org. */
@Entity
@Table(name = "app")
public class App {

	@Id
	private UUID id;

	@Column(name = "org_id", nullable = false, updatable = false)
	private UUID orgId;

	@Column(nullable = false, updatable = false)
	private String name;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected App() {
	}

	App(UUID orgId, String name, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.orgId = orgId;
		this.name = name;
		this.createdAt = createdAt;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getOrgId() {
		return this.orgId;
	}

	public String getName() {
		return this.name;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
