package dev.sigil.issuer.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.sigil.issuer.credential.SubjectTemplate;

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

	@Column(name = "subject_template", nullable = false)
	private String subjectTemplate = SubjectTemplate.NAMES.value();

	@Column(name = "label_claims", nullable = false, columnDefinition = "text[]")
	private String[] labelClaims = new String[0];

	@Column(name = "token_lifetime_seconds")
	private Integer tokenLifetimeSeconds;

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

	public SubjectTemplate getSubjectTemplate() {
		return SubjectTemplate.of(this.subjectTemplate);
	}

	/** The machine label keys copied into this app's tokens, in key order. */
	public List<String> getLabelClaims() {
		return List.of(this.labelClaims);
	}

	/** This app's token lifetime, or null for the platform's. */
	public Duration getTokenLifetime() {
		return (this.tokenLifetimeSeconds != null) ? Duration.ofSeconds(this.tokenLifetimeSeconds) : null;
	}

	/**
	 * Applies the given settings (null leaves one alone; a zero lifetime returns to the
	 * platform's); answers what changed, in words, or an empty string for nothing.
	 */
	String change(SubjectTemplate subject, List<String> labelClaims, Duration tokenLifetime) {
		StringBuilder changed = new StringBuilder();
		if (subject != null && !subject.value().equals(this.subjectTemplate)) {
			changed.append("subject ").append(this.subjectTemplate).append(" -> ").append(subject.value()).append("; ");
			this.subjectTemplate = subject.value();
		}
		if (labelClaims != null && !labelClaims.equals(getLabelClaims())) {
			changed.append("label_claims ").append(getLabelClaims()).append(" -> ").append(labelClaims).append("; ");
			this.labelClaims = labelClaims.toArray(String[]::new);
		}
		if (tokenLifetime != null) {
			Integer seconds = tokenLifetime.isZero() ? null : (int) tokenLifetime.toSeconds();
			if (!java.util.Objects.equals(seconds, this.tokenLifetimeSeconds)) {
				changed.append("token_lifetime_seconds ")
					.append(this.tokenLifetimeSeconds)
					.append(" -> ")
					.append(seconds)
					.append("; ");
				this.tokenLifetimeSeconds = seconds;
			}
		}
		return (changed.length() == 0) ? "" : changed.substring(0, changed.length() - 2);
	}

}
