package dev.sigil.issuer.tenant;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A machine of an app. Its version grows with every change of what its tokens claim
 * (image, digest, region); a deleted machine is kept so that audit records still resolve.
 */
@Entity
@Table(name = "machine")
public class Machine {

	@Id
	private UUID id;

	@Column(name = "org_id", nullable = false, updatable = false)
	private UUID orgId;

	@Column(name = "app_id", nullable = false, updatable = false)
	private UUID appId;

	@Column(nullable = false, updatable = false)
	private String name;

	@Column(nullable = false)
	private String region;

	@Column(nullable = false)
	private String image;

	@Column(name = "image_digest", nullable = false)
	private String imageDigest;

	@Column(nullable = false)
	private int version;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "deleted_at")
	private Instant deletedAt;

	@Column(name = "federated_issuer", updatable = false)
	private String federatedIssuer;

	@Column(name = "federated_subject", updatable = false)
	private String federatedSubject;

	// Kept as the JSON text of a flat object of strings, checked by Labels before it is
	// set.
	@Column(nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String labels = "{}";

	protected Machine() {
	}

	Machine(UUID orgId, UUID appId, String name, String region, String image, String imageDigest, Instant now) {
		this.id = UUID.randomUUID();
		this.orgId = orgId;
		this.appId = appId;
		this.name = name;
		this.region = region;
		this.image = image;
		this.imageDigest = imageDigest;
		this.version = 1;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/**
	 * A machine registered by a token exchange: no credential, the outside identity it
	 * came from.
	 */
	static Machine federated(UUID orgId, UUID appId, String name, String region, String image, String imageDigest,
			String issuer, String subject, Instant now) {
		Machine machine = new Machine(orgId, appId, name, region, image, imageDigest, now);
		machine.federatedIssuer = issuer;
		machine.federatedSubject = subject;
		return machine;
	}

	/**
	 * Applies the given changes (null leaves a field alone); a real change gives a new
	 * version.
	 */
	boolean change(String region, String image, String imageDigest, Instant now) {
		return change(region, image, imageDigest, null, now);
	}

	/**
	 * Applies the given changes (null leaves a field alone; labels, when given, replace
	 * the old ones); a real change gives a new version.
	 */
	boolean change(String region, String image, String imageDigest, SortedMap<String, String> labels, Instant now) {
		boolean changed = false;
		if (labels != null && !labels.equals(getLabels())) {
			this.labels = JsonMapper.shared().writeValueAsString(labels);
			changed = true;
		}
		if (region != null && !region.equals(this.region)) {
			this.region = region;
			changed = true;
		}
		if (image != null && !image.equals(this.image)) {
			this.image = image;
			changed = true;
		}
		if (imageDigest != null && !imageDigest.equals(this.imageDigest)) {
			this.imageDigest = imageDigest;
			changed = true;
		}
		if (changed) {
			this.version++;
			this.updatedAt = now;
		}
		return changed;
	}

	/** Sets the labels of a machine being made. */
	void label(SortedMap<String, String> labels) {
		this.labels = JsonMapper.shared().writeValueAsString(labels);
	}

	void delete(Instant now) {
		this.deletedAt = now;
		this.updatedAt = now;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getOrgId() {
		return this.orgId;
	}

	public UUID getAppId() {
		return this.appId;
	}

	public String getName() {
		return this.name;
	}

	public String getRegion() {
		return this.region;
	}

	public String getImage() {
		return this.image;
	}

	public String getImageDigest() {
		return this.imageDigest;
	}

	public int getVersion() {
		return this.version;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public boolean isDeleted() {
		return this.deletedAt != null;
	}

	/** Whether the machine came from a token exchange rather than with a credential. */
	public boolean isFederated() {
		return this.federatedIssuer != null;
	}

	public String getFederatedIssuer() {
		return this.federatedIssuer;
	}

	public String getFederatedSubject() {
		return this.federatedSubject;
	}

	/** The machine's labels, in key order. */
	public SortedMap<String, String> getLabels() {
		return parseLabels(this.labels);
	}

	/** Labels as stored (the JSON text of an object of strings), in key order. */
	public static SortedMap<String, String> parseLabels(String json) {
		if (json == null || json.equals("{}")) {
			return new TreeMap<>();
		}
		Map<String, String> parsed = JsonMapper.shared().readValue(json, new TypeReference<Map<String, String>>() {
		});
		return new TreeMap<>(parsed);
	}

}
