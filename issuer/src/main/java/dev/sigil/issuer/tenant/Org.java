package dev.sigil.issuer.tenant;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.sigil.keystore.SigningAlgorithm;

/** An organisation: the tenant that owns one OpenID Connect issuer. */
@Entity
@Table(name = "org")
public class Org {

	@Id
	private UUID id;

	@Column(nullable = false, updatable = false)
	private String slug;

	@Column(nullable = false)
	private String name;

	@Enumerated(EnumType.STRING)
	@Column(name = "signing_algorithm", nullable = false)
	private SigningAlgorithm signingAlgorithm;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "deleted_at")
	private Instant deletedAt;

	protected Org() {
	}

	Org(String slug, String name, SigningAlgorithm signingAlgorithm, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.slug = slug;
		this.name = name;
		this.signingAlgorithm = signingAlgorithm;
		this.createdAt = createdAt;
	}

	public UUID getId() {
		return this.id;
	}

	public String getSlug() {
		return this.slug;
	}

	public String getName() {
		return this.name;
	}

	public SigningAlgorithm getSigningAlgorithm() {
		return this.signingAlgorithm;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public boolean isDeleted() {
		return this.deletedAt != null;
	}

	/**
	 * Ends the org: it issues nothing more; its row and slug stay, so the slug is never
	 * reused.
	 */
	void delete(Instant now) {
		this.deletedAt = now;
	}

}
