package dev.sigil.issuer.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, revokes and checks machine credentials. */
@Service
public class MachineCredentials {

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

	public MachineCredentials(MachineCredentialRepository repository, JdbcClient jdbc, Clock clock) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.clock = clock;
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
	}

	/** The live machine a secret belongs to, if it is a live machine credential. */
	@Transactional(readOnly = true)
	public Optional<MachineIdentity> authenticate(String secret) {
		if (secret == null || !secret.startsWith(SecretTokens.MACHINE_PREFIX)) {
			return Optional.empty();
		}
		byte[] hash = SecretTokens.hash(secret);
		return this.jdbc.sql(IDENTITY_BY_HASH)
			.param(hash)
			.query((rs, row) -> SecretTokens.matches(hash, rs.getBytes("secret_hash")) ? new MachineIdentity(
					rs.getObject("org_id", UUID.class), rs.getString("slug"), rs.getObject("app_id", UUID.class),
					rs.getString("app_name"), rs.getObject("machine_id", UUID.class), rs.getString("machine_name"),
					rs.getInt("version"), rs.getString("region"), rs.getString("image"),
					rs.getString("image_digest")) : null)
			.optional();
	}

}
