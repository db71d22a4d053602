package dev.sigil.issuer.oidc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.sigil.changefeed.ChangeFeed;
import dev.sigil.db.event.AdminEvent;
import dev.sigil.keystore.SigningAlgorithm;

/**
 * Every live org, held in memory, so that the public port answers an unknown slug without
 * asking the database: a flood of made-up issuer URLs costs a map lookup and never a
 * pooled connection. The set is read in full when the change feed starts following and
 * then kept by the feed's {@code org.created} and {@code org.deleted} events (and at once
 * after a commit on this replica). Changes are applied one at a time, each reading the
 * org after the change that announced it, so a full read can never undo a later change.
 */
@Component
public class OrgIssuers {

	private static final String LIVE = "select id, slug, signing_algorithm from org where deleted_at is null";

	private final Map<String, IssuingOrg> bySlug = new ConcurrentHashMap<>();

	private final JdbcClient jdbc;

	private final IssuerProperties properties;

	public OrgIssuers(JdbcClient jdbc, IssuerProperties properties, ChangeFeed feed) {
		this.jdbc = jdbc;
		this.properties = properties;
		feed.onResync(this::reload);
		feed.subscribe(this::follow);
	}

	public Optional<IssuingOrg> bySlug(String slug) {
		return Optional.ofNullable(this.bySlug.get(slug));
	}

	/** The org whose issuer URL this is, if it is one of ours. */
	public Optional<IssuingOrg> byIssuer(String issuer) {
		String prefix = this.properties.baseUrl() + "/";
		if (issuer == null || !issuer.startsWith(prefix)) {
			return Optional.empty();
		}
		return bySlug(issuer.substring(prefix.length()));
	}

	/** Reads the org again once the current transaction commits (at once without one). */
	public void learnAfterCommit(UUID orgId) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			learn(orgId);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				learn(orgId);
			}
		});
	}

	private void follow(AdminEvent event) {
		if (event.orgId() != null && (event.action().equals("org.created") || event.action().equals("org.deleted"))) {
			learn(event.orgId());
		}
	}

	synchronized void reload() {
		List<IssuingOrg> live = this.jdbc.sql(LIVE).query((rs, row) -> map(rs)).list();
		Map<String, IssuingOrg> fresh = new ConcurrentHashMap<>();
		live.forEach((org) -> fresh.put(org.slug(), org));
		this.bySlug.keySet().retainAll(fresh.keySet());
		this.bySlug.putAll(fresh);
	}

	synchronized void learn(UUID orgId) {
		Optional<IssuingOrg> org = this.jdbc.sql(LIVE + " and id = ?")
			.param(orgId)
			.query((rs, row) -> map(rs))
			.optional();
		this.bySlug.values().removeIf((held) -> held.id().equals(orgId));
		org.ifPresent((live) -> this.bySlug.put(live.slug(), live));
	}

	private static IssuingOrg map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new IssuingOrg(rs.getObject("id", UUID.class), rs.getString("slug"),
				SigningAlgorithm.of(rs.getString("signing_algorithm")));
	}

	/** An org as its issuer needs it. */
	public record IssuingOrg(UUID id, String slug, SigningAlgorithm algorithm) {
	}

}
