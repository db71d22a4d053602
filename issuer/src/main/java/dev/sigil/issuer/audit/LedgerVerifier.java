package dev.sigil.issuer.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.sigil.keystore.ring.KeyRing;

/**
 * Re-computes an org's ledger chain over a time range and names the first row that breaks
 * it: a changed row (its hash no longer follows), a removed one (a gap in the positions),
 * an inserted one (no position, or one taken twice), or a head that differs from a signed
 * checkpoint. Rows are read through a cursor in chain order, so any range passes without
 * being held in memory.
 */
@Component
public class LedgerVerifier {

	/**
	 * How far before the range the row preceding its first one may lie (writers commit
	 * within seconds).
	 */
	private static final Duration ANCHOR_WINDOW = Duration.ofHours(1);

	private static final String ROWS = """
			select jti, app_id, app_name, machine_id, machine_name, machine_version, subject, audience, kid, issued_at,
			       expires_at, client_address, claims::text as claims, chain_position, chain_hash
			from issued_token where org_id = ? and issued_at >= ? and issued_at < ?
			order by chain_position nulls first, issued_at, id""";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final TransactionTemplate readOnly;

	private final KeyRing keyRing;

	LedgerVerifier(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager transactions, KeyRing keyRing) {
		this.jdbc = jdbc;
		this.template = template;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.keyRing = keyRing;
	}

	/** The verdict over the org's rows issued in [from, to). */
	public Verdict verify(UUID orgId, Instant from, Instant to) {
		Instant chainStart = this.jdbc.sql("select chain_start from audit_ledger_info")
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant)
			.orElse(Instant.EPOCH);
		Map<Long, byte[]> checkpoints = checkpoints(orgId);
		Walk walk = new Walk(orgId, chainStart, checkpoints);
		this.readOnly.executeWithoutResult((status) -> this.template.query((connection) -> {
			var statement = connection.prepareStatement(ROWS);
			statement.setFetchSize(1000);
			statement.setObject(1, orgId);
			statement.setTimestamp(2, Timestamp.from(from));
			statement.setTimestamp(3, Timestamp.from(to));
			return statement;
		}, (ResultSet rs) -> walk.next(rs, from)));
		return walk.verdict();
	}

	/**
	 * The checkpoints whose signature verifies with one of the org's published keys, by
	 * position.
	 */
	private Map<Long, byte[]> checkpoints(UUID orgId) {
		JWKSet keys = this.keyRing.keys(orgId).published();
		Map<Long, byte[]> verified = new HashMap<>();
		this.jdbc.sql("select position, head, jws from audit_checkpoint where org_id = ?")
			.param(orgId)
			.query((rs, row) -> {
				if (signedBy(rs.getString(3), keys, orgId, rs.getLong(1), LedgerChain.hex(rs.getBytes(2)))) {
					verified.put(rs.getLong(1), rs.getBytes(2));
				}
				else {
					verified.put(rs.getLong(1), null);
				}
				return null;
			})
			.list();
		return verified;
	}

	private static boolean signedBy(String jws, JWKSet keys, UUID orgId, long position, String head) {
		try {
			JWSObject object = JWSObject.parse(jws);
			JWK key = keys.getKeyByKeyId(object.getHeader().getKeyID());
			if (key == null) {
				return false;
			}
			boolean valid = object.verify(new DefaultJWSVerifierFactory().createJWSVerifier(object.getHeader(),
					(key instanceof com.nimbusds.jose.jwk.RSAKey rsa) ? rsa.toPublicKey()
							: ((com.nimbusds.jose.jwk.ECKey) key).toPublicKey()));
			Map<String, Object> payload = object.getPayload().toJSONObject();
			return valid && orgId.toString().equals(payload.get("org"))
					&& Long.valueOf(position).equals(((Number) payload.get("position")).longValue())
					&& head.equals(payload.get("head"));
		}
		catch (ParseException | JOSEException | RuntimeException ex) {
			return false;
		}
	}

	/** The walk along the chain, row by row. */
	private final class Walk {

		private final UUID orgId;

		private final Instant chainStart;

		private final Map<Long, byte[]> checkpoints;

		private long rows;

		private Long position;

		private byte[] hash;

		private Bad bad;

		Walk(UUID orgId, Instant chainStart, Map<Long, byte[]> checkpoints) {
			this.orgId = orgId;
			this.chainStart = chainStart;
			this.checkpoints = checkpoints;
		}

		void next(ResultSet rs, Instant from) throws SQLException {
			if (this.bad != null) {
				return;
			}
			this.rows++;
			UUID jti = rs.getObject("jti", UUID.class);
			Instant issuedAt = rs.getTimestamp("issued_at").toInstant();
			long stored = rs.getLong("chain_position");
			if (rs.wasNull()) {
				if (!issuedAt.isBefore(this.chainStart)) {
					fail(jti, "the row is not in the chain: it was written after the chain began (" + this.chainStart
							+ ") without a position, so not by Sigil");
				}
				return;
			}
			byte[] storedHash = rs.getBytes("chain_hash");
			if (this.position == null) {
				this.hash = anchor(stored, issuedAt, from);
				if (this.hash == null) {
					// The row before lies outside what is kept: start from this row's own
					// hash.
					this.position = stored;
					this.hash = storedHash;
					checkpoint(jti, stored, storedHash);
					return;
				}
				this.position = stored - 1;
			}
			if (stored == this.position) {
				fail(jti, "position " + stored + " is taken twice: a row was inserted");
				return;
			}
			if (stored > this.position + 1) {
				long missing = stored - this.position - 1;
				fail(jti, "position " + stored + " follows " + this.position + ": " + missing
						+ ((missing == 1) ? " row before it was" : " rows before it were") + " removed");
				return;
			}
			byte[] computed = LedgerChain.hash(this.hash, stored, jti, this.orgId, rs.getObject("app_id", UUID.class),
					rs.getString("app_name"), rs.getObject("machine_id", UUID.class), rs.getString("machine_name"),
					rs.getInt("machine_version"), rs.getString("subject"), rs.getString("audience"),
					rs.getString("kid"), issuedAt, rs.getTimestamp("expires_at").toInstant(),
					rs.getString("client_address"), rs.getString("claims"));
			if (!LedgerChain.same(computed, storedHash)) {
				fail(jti, "the row does not match its hash: it, or the hash, was changed after it was written");
				return;
			}
			this.position = stored;
			this.hash = computed;
			checkpoint(jti, stored, computed);
		}

		private void checkpoint(UUID jti, long at, byte[] head) {
			if (!this.checkpoints.containsKey(at)) {
				return;
			}
			byte[] signed = this.checkpoints.get(at);
			if (signed == null) {
				fail(jti, "the checkpoint at position " + at + " does not verify with the org's published keys");
			}
			else if (!LedgerChain.same(signed, head)) {
				fail(jti, "the chain at position " + at + " differs from the signed checkpoint: rows up to here were "
						+ "rewritten");
			}
		}

		/**
		 * The hash of the row before position {@code first}, or genesis for the first;
		 * null if not kept.
		 */
		private byte[] anchor(long first, Instant issuedAt, Instant from) {
			if (first == 1) {
				return LedgerChain.GENESIS;
			}
			List<byte[]> before = LedgerVerifier.this.jdbc.sql("""
					select chain_hash from issued_token
					where org_id = ? and chain_position = ? and issued_at >= ? and issued_at < ?""")
				.params(this.orgId, first - 1, Timestamp.from(from.minus(ANCHOR_WINDOW)),
						Timestamp.from(issuedAt.plusSeconds(1)))
				.query((rs, row) -> rs.getBytes(1))
				.list();
			return before.isEmpty() ? null : before.get(0);
		}

		private void fail(UUID jti, String reason) {
			this.bad = new Bad(jti.toString(), reason);
		}

		Verdict verdict() {
			return new Verdict(this.bad == null, this.rows, this.bad);
		}

	}

	/**
	 * The outcome: whether the chain holds over the range, the rows read, and the first
	 * bad row.
	 */
	public record Verdict(boolean ok, long rows, Bad firstBad) {
	}

	/** The first row that breaks the chain, and why. */
	public record Bad(String jti, String reason) {
	}

}
