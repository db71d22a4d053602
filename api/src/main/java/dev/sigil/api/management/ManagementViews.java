package dev.sigil.api.management;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import tools.jackson.databind.JsonNode;

import dev.sigil.issuer.audit.AuditPage;
import dev.sigil.issuer.audit.AuditRecord;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.App;
import dev.sigil.issuer.tenant.Machine;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.keystore.SigningKey;
import dev.sigil.keystore.rotation.SigningKeyManager;

/** The JSON shapes of the management API, requests and responses. */
final class ManagementViews {

	private ManagementViews() {
	}

	record CreateOrg(String slug, String name, String algorithm) {
	}

	record CreateApp(String name) {
	}

	record MachineRequest(String name, String region, String image, @JsonProperty("image_digest") String imageDigest,
			JsonNode labels) {

		/**
		 * The labels as strings, null when the request has none; a value of another type
		 * is refused.
		 */
		Map<String, String> labelMap() {
			if (this.labels == null || this.labels.isNull()) {
				return null;
			}
			if (!this.labels.isObject()) {
				throw SigilException.invalid("labels must be an object of string keys and string values");
			}
			Map<String, String> map = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : this.labels.properties()) {
				if (!entry.getValue().isString()) {
					throw SigilException.invalid("label values must be strings");
				}
				map.put(entry.getKey(), entry.getValue().asString());
			}
			return map;
		}
	}

	record AppRequest(String subject, @JsonProperty("label_claims") List<String> labelClaims,
			@JsonProperty("token_lifetime_seconds") Integer tokenLifetimeSeconds) {
	}

	record OrgView(String id, String slug, String name, String issuer, String algorithm,
			@JsonProperty("created_at") Instant createdAt) {

		static OrgView of(Org org, String issuer) {
			return new OrgView(org.getId().toString(), org.getSlug(), org.getName(), issuer,
					org.getSigningAlgorithm().name(), org.getCreatedAt());
		}
	}

	record AppView(String id, String name, @JsonProperty("created_at") Instant createdAt, String subject,
			@JsonProperty("label_claims") List<String> labelClaims,
			@JsonProperty("token_lifetime_seconds") Long tokenLifetimeSeconds) {

		static AppView of(App app) {
			return new AppView(app.getId().toString(), app.getName(), app.getCreatedAt(),
					app.getSubjectTemplate().value(), app.getLabelClaims(),
					(app.getTokenLifetime() != null) ? app.getTokenLifetime().toSeconds() : null);
		}
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record MachineView(String id, String name, String region, String image,
			@JsonProperty("image_digest") String imageDigest, Map<String, String> labels, int version,
			@JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt,
			String credential, Federated federated) {

		static MachineView of(Machine machine, String credential) {
			return new MachineView(machine.getId().toString(), machine.getName(), machine.getRegion(),
					machine.getImage(), machine.getImageDigest(), machine.getLabels(), machine.getVersion(),
					machine.getCreatedAt(), machine.getUpdatedAt(), credential, machine.isFederated()
							? new Federated(machine.getFederatedIssuer(), machine.getFederatedSubject()) : null);
		}

		@Override
		public String toString() {
			return "MachineView[" + this.name + "]";
		}
	}

	/** Where a machine registered by a token exchange came from. */
	record Federated(String issuer, String subject) {
	}

	record CredentialView(String credential) {

		@Override
		public String toString() {
			return "CredentialView[...]";
		}
	}

	record KeyView(String kid, String algorithm, String state, String storage,
			@JsonProperty("created_at") Instant createdAt, @JsonProperty("activated_at") Instant activatedAt,
			@JsonProperty("retired_at") Instant retiredAt, @JsonProperty("unpublish_at") Instant unpublishAt,
			@JsonProperty("revoked_at") Instant revokedAt) {

		static KeyView of(SigningKey key) {
			return new KeyView(key.getKid(), key.getAlgorithm().name(), key.getState().name(),
					key.getStorage().name().toLowerCase(java.util.Locale.ROOT), key.getCreatedAt(),
					key.getActivatedAt(), key.getRetiredAt(), key.getUnpublishAt(), key.getRevokedAt());
		}
	}

	record RotationView(KeyView active, KeyView retired, KeyView next) {

		static RotationView of(SigningKeyManager.RotationResult result) {
			return new RotationView(KeyView.of(result.activated()), KeyView.of(result.retired()),
					KeyView.of(result.next()));
		}
	}

	record AuditView(String jti, @JsonProperty("app_id") String appId, @JsonProperty("app_name") String appName,
			@JsonProperty("machine_id") String machineId, @JsonProperty("machine_name") String machineName,
			@JsonProperty("machine_version") int machineVersion, String sub, String aud, String kid,
			@JsonProperty("issued_at") Instant issuedAt, @JsonProperty("expires_at") Instant expiresAt,
			@JsonProperty("client_address") String clientAddress, Map<String, Object> claims) {

		static AuditView of(AuditRecord record) {
			return new AuditView(record.jti().toString(), record.appId().toString(), record.appName(),
					record.machineId().toString(), record.machineName(), record.machineVersion(), record.subject(),
					record.audience(), record.kid(), record.issuedAt(), record.expiresAt(), record.clientAddress(),
					record.claims());
		}
	}

	record AuditPageView(List<AuditView> items, @JsonProperty("next_cursor") String nextCursor) {

		static AuditPageView of(AuditPage page) {
			return new AuditPageView(page.records().stream().map(AuditView::of).toList(),
					(page.next() != null) ? page.next().encode() : null);
		}
	}

}
