package dev.sigil.issuer.federation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sigil.changefeed.ChangeFeed;
import dev.sigil.changefeed.VersionedCache;
import dev.sigil.db.event.AdminEvents;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.federation.TrustPolicy.ApiTokenGrant;
import dev.sigil.issuer.federation.TrustPolicy.MachineGrant;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * Makes, changes, lists and deletes an org's trust policies, and finds one by name for an
 * exchange from memory. Every change is an admin event, which drops the policy from every
 * replica's memory through the change feed, so a deleted or tightened policy stops
 * admitting tokens everywhere.
 */
@Service
@EnableConfigurationProperties(FederationProperties.class)
public class TrustPolicies {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String COLUMNS = "id, org_id, document::text as document, created_at";

	private final JdbcClient jdbc;

	private final TenantDirectory tenants;

	private final AdminEvents events;

	private final TrustPolicyReader reader;

	private final Clock clock;

	private final VersionedCache<Key, Held> byName = new VersionedCache<>(100_000, Duration.ofMinutes(10));

	public TrustPolicies(JdbcClient jdbc, TenantDirectory tenants, AdminEvents events, FederationProperties properties,
			ChangeFeed feed, Clock clock) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.events = events;
		this.reader = new TrustPolicyReader(new IssuerAddresses(properties.allowHttpIssuers()));
		this.clock = clock;
		feed.onResync(this.byName::invalidateAll);
		feed.subscribe((event) -> {
			if (event.orgId() != null && event.subject() != null && event.action().startsWith("trust-policy.")) {
				this.byName.invalidate(new Key(event.orgId(), event.subject()));
			}
		});
	}

	@Transactional
	public TrustPolicy create(String orgSlug, JsonNode document, String actor) {
		Org org = this.tenants.org(orgSlug);
		Instant now = this.clock.instant();
		TrustPolicy policy = this.reader.read(document, UUID.randomUUID(), org.getId(), now);
		checkApps(orgSlug, policy);
		try {
			this.jdbc
				.sql("insert into trust_policy (id, org_id, name, document, created_at, updated_at) "
						+ "values (?, ?, ?, ?::jsonb, ?, ?)")
				.params(policy.id(), org.getId(), policy.name(), JSON.writeValueAsString(document), Timestamp.from(now),
						Timestamp.from(now))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw SigilException
				.conflict("A trust policy named '" + policy.name() + "' exists in org '" + orgSlug + "'");
		}
		this.events.record(actor, "trust-policy.created", org.getId(), policy.name(),
				policy.provider().apiName() + " " + policy.issuer());
		return policy;
	}

	@Transactional
	public TrustPolicy replace(String orgSlug, UUID id, JsonNode document, String actor) {
		Org org = this.tenants.org(orgSlug);
		TrustPolicy current = get(orgSlug, id);
		TrustPolicy policy = this.reader.read(document, id, org.getId(), current.createdAt());
		if (!policy.name().equals(current.name())) {
			throw SigilException.invalid("name cannot change (it is the exchange's client_id); make a new policy");
		}
		checkApps(orgSlug, policy);
		this.jdbc.sql("update trust_policy set document = ?::jsonb, updated_at = ? where id = ? and org_id = ?")
			.params(JSON.writeValueAsString(document), Timestamp.from(this.clock.instant()), id, org.getId())
			.update();
		this.events.record(actor, "trust-policy.changed", org.getId(), policy.name(), null);
		this.byName.invalidate(new Key(org.getId(), policy.name()));
		return policy;
	}

	@Transactional
	public void delete(String orgSlug, UUID id, String actor) {
		Org org = this.tenants.org(orgSlug);
		TrustPolicy policy = get(orgSlug, id);
		this.jdbc.sql("delete from trust_policy where id = ? and org_id = ?").params(id, org.getId()).update();
		this.events.record(actor, "trust-policy.deleted", org.getId(), policy.name(), null);
		this.byName.invalidate(new Key(org.getId(), policy.name()));
	}

	@Transactional(readOnly = true)
	public List<TrustPolicy> list(String orgSlug) {
		Org org = this.tenants.org(orgSlug);
		return this.jdbc.sql("select " + COLUMNS + " from trust_policy where org_id = ? order by name")
			.param(org.getId())
			.query((rs, row) -> readStored(rs).policy())
			.list()
			.stream()
			.filter(java.util.Objects::nonNull)
			.toList();
	}

	@Transactional(readOnly = true)
	public TrustPolicy get(String orgSlug, UUID id) {
		Org org = this.tenants.org(orgSlug);
		Held held = this.jdbc.sql("select " + COLUMNS + " from trust_policy where id = ? and org_id = ?")
			.params(id, org.getId())
			.query((rs, row) -> readStored(rs))
			.optional()
			.orElseThrow(() -> SigilException.notFound("No trust policy " + id + " in org '" + orgSlug + "'"));
		if (held.policy() == null) {
			throw SigilException.invalid("Trust policy " + id + " no longer holds: " + held.problem());
		}
		return held.policy();
	}

	/**
	 * The org's policy with this name, for an exchange. A stored policy that no longer
	 * reads (the platform's settings changed since it was saved) is found with its reason
	 * and admits nothing.
	 */
	public Optional<Held> byName(UUID orgId, String name) {
		return Optional.ofNullable(this.byName.get(new Key(orgId, name),
				(key) -> this.jdbc.sql("select " + COLUMNS + " from trust_policy where org_id = ? and name = ?")
					.params(key.orgId(), key.name())
					.query((rs, row) -> readStored(rs))
					.optional()
					.orElse(null)));
	}

	private void checkApps(String orgSlug, TrustPolicy policy) {
		List<String> apps = (policy.grant() instanceof MachineGrant machine) ? List.of(machine.app())
				: ((ApiTokenGrant) policy.grant()).apps();
		for (String app : apps) {
			try {
				this.tenants.app(orgSlug, app);
			}
			catch (SigilException ex) {
				throw SigilException
					.invalid("grant names app '" + app + "', which org '" + orgSlug + "' does not have");
			}
		}
	}

	private Held readStored(ResultSet rs) throws SQLException {
		JsonNode document = JSON.readTree(rs.getString("document"));
		try {
			return new Held(this.reader.read(document, rs.getObject("id", UUID.class),
					rs.getObject("org_id", UUID.class), rs.getTimestamp("created_at").toInstant()), null);
		}
		catch (SigilException ex) {
			return new Held(null, ex.getMessage());
		}
	}

	/** A stored policy as it reads now: the policy, or why it no longer holds. */
	public record Held(TrustPolicy policy, String problem) {
	}

	private record Key(UUID orgId, String name) {
	}

}
