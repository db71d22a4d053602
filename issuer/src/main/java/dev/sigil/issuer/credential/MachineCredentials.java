package dev.sigil.issuer.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.springframework.beans.factory.annotation.Value;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.sigil.db.event.AdminEventFeed;

/**
 * Issues, revokes and checks machine credentials. Checks are served from memory: a credential's
 * machine is read from the database once and then for {@code sigil.credentials.cache-ttl}, and is
 * dropped at once when the machine or its credential changes here, or when another replica records
 * such a change (through the admin event feed).
 */
@Service
public class MachineCredentials {

	private static final int MAX_CACHED = 100_000;

	private final Map<HashKey, Cached> cache = new ConcurrentHashMap<>();

	private final long ttlNanos;

	private static final String IDENTITY_BY_HASH = """
			select o.id as org_id, o.slug, a.id as app_id, a.name as app_name, m.id as machine_id,
			       m.name as machine_name, m.version, m.region, m.image, m.image_digest, c.secret_hash
			from machine_credential c
			join machine m on m.id = c.machine_id
			join app a on a.id = m.app_id
			join org o on o.id = m.org_id
			where c.secret_hash = ? and c.revoked_at is null and m.deleted_at is null
			""";

	private final MachineCredentialRepository repository;

	private final JdbcClient jdbc;

	private final Clock clock;

	public MachineCredentials(MachineCredentialRepository repository, JdbcClient jdbc, Clock clock,
			AdminEventFeed feed, @Value("${sigil.credentials.cache-ttl:60s}") Duration ttl) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.clock = clock;
		this.ttlNanos = ttl.toNanos();
		feed.subscribe((event) -> {
			if (event.action().startsWith("machine.") && event.orgId() != null && event.subject() != null) {
				forget((identity) -> identity.orgId().equals(event.orgId())
						&& event.subject().equals(identity.appName() + "/" + identity.machineName()));
			}
		});
	}

	/** Revokes the machine's live credential, if any, and returns a new secret (shown once, never stored). */
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

	/** Drops what is held for the machine (its claims changed), now and when the transaction ends. */
	public void forgetAfterCommit(UUID machineId) {
		forget((identity) -> identity.machineId().equals(machineId));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					forget((identity) -> identity.machineId().equals(machineId));
				}
			});
		}
	}

	/** The live machine a secret belongs to, if it is a live machine credential. */
	public Optional<MachineIdentity> authenticate(String secret) {
		if (secret == null || !secret.startsWith(SecretTokens.MACHINE_PREFIX)) {
			return Optional.empty();
		}
		byte[] hash = SecretTokens.hash(secret);
		HashKey key = new HashKey(hash);
		Cached cached = this.cache.get(key);
		long now = System.nanoTime();
		if (cached != null && now - cached.loadedAt() < this.ttlNanos) {
			return Optional.of(cached.identity());
		}
		Optional<MachineIdentity> found = lookup(hash);
		if (found.isPresent()) {
			if (this.cache.size() >= MAX_CACHED) {
				this.cache.clear();
			}
			this.cache.put(key, new Cached(found.get(), now));
		}
		else {
			this.cache.remove(key);
		}
		return found;
	}

	private void forget(Predicate<MachineIdentity> which) {
		this.cache.values().removeIf((cached) -> which.test(cached.identity()));
	}

	private Optional<MachineIdentity> lookup(byte[] hash) {
		return this.jdbc.sql(IDENTITY_BY_HASH)
			.param(hash)
			.query((rs, row) -> SecretTokens.matches(hash, rs.getBytes("secret_hash")) ? new MachineIdentity(
					rs.getObject("org_id", UUID.class), rs.getString("slug"), rs.getObject("app_id", UUID.class),
					rs.getString("app_name"), rs.getObject("machine_id", UUID.class), rs.getString("machine_name"),
					rs.getInt("version"), rs.getString("region"), rs.getString("image"),
					rs.getString("image_digest")) : null)
			.optional();
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

	private record Cached(MachineIdentity identity, long loadedAt) {
	}

}
