package dev.sigil.issuer.credential;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.sigil.changefeed.ChangeFeed;
import dev.sigil.changefeed.VersionedCache;
import dev.sigil.db.event.AdminEvent;
import dev.sigil.issuer.tenant.Labels;
import dev.sigil.issuer.tenant.Machine;

/**
 * Issues, revokes and checks machine credentials. Checks are served from memory: a
 * credential's machine is read from the database once, then held until the machine, its
 * credential or its org changes, here (at once) or on another replica (through the change
 * feed, within a second), and at most {@code sigil.credentials.cache-ttl}. The cache is
 * versioned, so a check that read the database just before a revocation committed can
 * never keep the revoked machine.
 */
@Service
@EnableConfigurationProperties(CredentialProperties.class)
public class MachineCredentials {

	private static final String IDENTITY_BY_HASH = """
			select o.id as org_id, o.slug, a.id as app_id, a.name as app_name, m.id as machine_id,
			       m.name as machine_name, m.version, m.region, m.image, m.image_digest, c.secret_hash,
			       a.subject_template, a.label_claims, a.token_lifetime_seconds, m.labels::text as labels
			from machine_credential c
			join machine m on m.id = c.machine_id
			join app a on a.id = m.app_id
			join org o on o.id = m.org_id
			where c.secret_hash = ? and c.revoked_at is null and m.deleted_at is null and o.deleted_at is null
			""";

	private final VersionedCache<HashKey, MachineIdentity> cache;

	/**
	 * Secrets already found to be nobody's. A secret is 256 random bits and never reused,
	 * so one that is unknown now stays unknown: a client repeating a wrong one costs no
	 * query.
	 */
	private final Cache<HashKey, Boolean> unknown = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofMinutes(10))
		.build();

	/**
	 * At most this many credential lookups at once: a flood of made-up credentials (each
	 * a query) can take these connections from the pool and no more; past it a check
	 * waits briefly, then answers that the database is busy.
	 */
	private final Semaphore lookups = new Semaphore(4);

	private final MachineCredentialRepository repository;

	private final JdbcClient jdbc;

	private final Clock clock;

	public MachineCredentials(MachineCredentialRepository repository, JdbcClient jdbc, Clock clock, ChangeFeed feed,
			CredentialProperties properties) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.clock = clock;
		this.cache = new VersionedCache<>(properties.cacheSize(), properties.cacheTtl());
		feed.onResync(this.cache::invalidateAll);
		feed.subscribe(this::follow);
	}

	/**
	 * Drops what another replica (or this one) changed: a machine by org and name, or a
	 * whole org.
	 */
	private void follow(AdminEvent event) {
		if (event.orgId() == null) {
			return;
		}
		if (event.action().equals("org.deleted")) {
			forget((identity) -> identity.orgId().equals(event.orgId()));
		}
		else if (event.action().equals("app.changed") && event.subject() != null) {
			forget((identity) -> identity.orgId().equals(event.orgId()) && event.subject().equals(identity.appName()));
		}
		else if (event.action().startsWith("machine.") && !event.action().equals("machine.created")
				&& event.subject() != null) {
			forget((identity) -> identity.orgId().equals(event.orgId())
					&& event.subject().equals(identity.appName() + "/" + identity.machineName()));
		}
	}

	/**
	 * Revokes the machine's live credential, if any, and returns a new secret (shown
	 * once, never stored).
	 */
	@Transactional
	public String issue(UUID machineId) {
		revokeAll(machineId);
		String secret = SecretTokens.newMachineCredential();
		this.repository.save(new MachineCredential(machineId, SecretTokens.hash(secret), this.clock.instant()));
		return secret;
	}

	@Transactional
	public void revokeAll(UUID machineId) {
		Instant now = this.clock.instant();
		for (MachineCredential credential : this.repository.findByMachineIdAndRevokedAtIsNull(machineId)) {
			credential.revoke(now);
		}
		this.repository.flush();
		forgetAfterCommit(machineId);
	}

	/**
	 * Revokes every live credential of the org's machines in one statement (the org is
	 * being deleted).
	 */
	@Transactional
	public int revokeAllOfOrg(UUID orgId) {
		int revoked = this.jdbc
			.sql("update machine_credential set revoked_at = ? where revoked_at is null "
					+ "and machine_id in (select id from machine where org_id = ?)")
			.params(java.sql.Timestamp.from(this.clock.instant()), orgId)
			.update();
		forgetOrgAfterCommit(orgId);
		return revoked;
	}

	/**
	 * Drops what is held for the machine (its claims changed), now and when the
	 * transaction ends.
	 */
	public void forgetAfterCommit(UUID machineId) {
		forgetNowAndAfterCommit((identity) -> identity.machineId().equals(machineId));
	}

	/**
	 * Drops what is held for every machine of the app (its token settings changed), now
	 * and after commit.
	 */
	public void forgetAppAfterCommit(UUID appId) {
		forgetNowAndAfterCommit((identity) -> identity.appId().equals(appId));
	}

	/**
	 * Drops what is held for every machine of the org, now and when the transaction ends.
	 */
	public void forgetOrgAfterCommit(UUID orgId) {
		forgetNowAndAfterCommit((identity) -> identity.orgId().equals(orgId));
	}

	private void forgetNowAndAfterCommit(Predicate<MachineIdentity> which) {
		forget(which);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					forget(which);
				}
			});
		}
	}

	/** The live machine a secret belongs to, if it is a live machine credential. */
	public Optional<MachineIdentity> authenticate(String secret) {
		if (!SecretTokens.isMachineCredential(secret)) {
			return Optional.empty();
		}
		HashKey key = new HashKey(SecretTokens.hash(secret));
		MachineIdentity held = this.cache.getIfPresent(key);
		if (held != null) {
			return Optional.of(held);
		}
		if (this.unknown.getIfPresent(key) != null) {
			return Optional.empty();
		}
		MachineIdentity found = this.cache.get(key, this::lookup);
		if (found == null) {
			this.unknown.put(key, Boolean.TRUE);
		}
		return Optional.ofNullable(found);
	}

	private void forget(Predicate<MachineIdentity> which) {
		this.cache.invalidateIf(which);
	}

	private MachineIdentity lookup(HashKey key) {
		try {
			if (!this.lookups.tryAcquire(2, TimeUnit.SECONDS)) {
				throw new TransientDataAccessResourceException("Too many credential checks at once");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransientDataAccessResourceException("Interrupted while checking a credential");
		}
		try {
			return query(key.hash());
		}
		finally {
			this.lookups.release();
		}
	}

	private MachineIdentity query(byte[] hash) {
		return this.jdbc.sql(IDENTITY_BY_HASH)
			.param(hash)
			.query((rs, row) -> SecretTokens.matches(hash, rs.getBytes("secret_hash")) ? identity(rs) : null)
			.optional()
			.orElse(null);
	}

	private static MachineIdentity identity(ResultSet rs) throws SQLException {
		List<String> labelClaims = List.of((String[]) rs.getArray("label_claims").getArray());
		int seconds = rs.getInt("token_lifetime_seconds");
		Duration lifetime = rs.wasNull() ? null : Duration.ofSeconds(seconds);
		return new MachineIdentity(rs.getObject("org_id", UUID.class), rs.getString("slug"),
				rs.getObject("app_id", UUID.class), rs.getString("app_name"), rs.getObject("machine_id", UUID.class),
				rs.getString("machine_name"), rs.getInt("version"), rs.getString("region"), rs.getString("image"),
				rs.getString("image_digest"), SubjectTemplate.of(rs.getString("subject_template")),
				Labels.claimed(Machine.parseLabels(rs.getString("labels")), labelClaims), !labelClaims.isEmpty(),
				lifetime);
	}

	/** A credential hash as a map key. */
	private record HashKey(byte[] hash) {

		@Override
		public boolean equals(Object other) {
			return other instanceof HashKey key && Arrays.equals(this.hash, key.hash);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.hash);
		}

		@Override
		public String toString() {
			return "HashKey";
		}
	}

}
