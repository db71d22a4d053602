package dev.sigil.issuer.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.sigil.issuer.token.JwtSigner;
import dev.sigil.keystore.ring.ActiveKey;
import dev.sigil.keystore.ring.KeyRing;

/**
 * Signed heads of each org's ledger chain: {@code {"org", "position", "head", "time"}} as
 * a compact JWS by the org's active signing key, so that anyone holding the org's
 * published JWKS can check, offline, that the ledger up to that position is the one Sigil
 * wrote. Made by the maintenance job whenever an org's chain has grown since its last
 * checkpoint.
 */
@Component
public class LedgerCheckpoints {

	private static final Logger logger = LoggerFactory.getLogger(LedgerCheckpoints.class);

	private final JdbcClient jdbc;

	private final KeyRing keyRing;

	private final Clock clock;

	LedgerCheckpoints(JdbcClient jdbc, KeyRing keyRing, Clock clock) {
		this.jdbc = jdbc;
		this.keyRing = keyRing;
		this.clock = clock;
	}

	/**
	 * Signs the head of every chain that grew since its last checkpoint; returns how
	 * many.
	 */
	int make() {
		List<Head> grown = this.jdbc
			.sql("""
					select c.org_id, c.position, c.head from audit_chain c
					where c.position > coalesce((select max(k.position) from audit_checkpoint k where k.org_id = c.org_id), 0)
					""")
			.query((rs, row) -> new Head(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBytes(3)))
			.list();
		int made = 0;
		for (Head head : grown) {
			Optional<ActiveKey> key = this.keyRing.keys(head.org()).active();
			if (key.isEmpty()) {
				logger.warn("No checkpoint for org={}: it has no usable signing key", head.org());
				continue;
			}
			Instant now = this.clock.instant();
			String payload = "{\"org\":\"" + head.org() + "\",\"position\":" + head.position() + ",\"head\":\""
					+ LedgerChain.hex(head.hash()) + "\",\"time\":\"" + now + "\"}";
			String jws = JwtSigner.of(key.get()).sign(payload);
			made += this.jdbc.sql("""
					insert into audit_checkpoint (org_id, position, head, made_at, jws) values (?, ?, ?, ?, ?)
					on conflict (org_id, position) do nothing""")
				.params(head.org(), head.position(), head.hash(), Timestamp.from(now), jws)
				.update();
		}
		return made;
	}

	/** The org's checkpoints, newest first. */
	public List<Checkpoint> list(UUID orgId, int limit) {
		return this.jdbc.sql("""
				select position, head, made_at, jws from audit_checkpoint where org_id = ?
				order by position desc limit ?""")
			.params(orgId, limit)
			.query((rs, row) -> new Checkpoint(rs.getLong(1), LedgerChain.hex(rs.getBytes(2)),
					rs.getTimestamp(3).toInstant(), rs.getString(4)))
			.list();
	}

	/** A signed chain head. */
	public record Checkpoint(long position, String head, Instant time, String jws) {
	}

	private record Head(UUID org, long position, byte[] hash) {
	}

}
