package dev.sigil.issuer.federation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The record of every token exchange, granted or refused: the policy, the subject token's
 * issuer, {@code sub} and {@code jti}, the outcome and its reason, the jti issued. Never
 * a token.
 */
@Repository
public class ExchangeRecords {

	private final JdbcClient jdbc;

	private final Clock clock;

	ExchangeRecords(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	void record(UUID orgId, String policy, String subjectIssuer, String subject, String subjectJti, String outcome,
			String reason, String issuedJti, String clientAddress) {
		this.jdbc.sql("""
				insert into token_exchange (occurred_at, org_id, policy, subject_issuer, subject, subject_jti, outcome,
				                            reason, issued_jti, client_address)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(Timestamp.from(this.clock.instant()), orgId, cut(policy, 100), cut(subjectIssuer, 512),
					cut(subject, 512), cut(subjectJti, 256), outcome, cut(reason, 1000), issuedJti, clientAddress)
			.update();
	}

	/**
	 * The org's exchanges, newest first, optionally of one policy or outcome, before a
	 * cursor.
	 */
	public List<ExchangeRecord> search(UUID orgId, String policy, String outcome, Long beforeId, int limit) {
		StringBuilder sql = new StringBuilder("select id, occurred_at, policy, subject_issuer, subject, subject_jti, "
				+ "outcome, reason, issued_jti, client_address from token_exchange where org_id = ?");
		List<Object> params = new ArrayList<>(List.of(orgId));
		if (policy != null) {
			sql.append(" and policy = ?");
			params.add(policy);
		}
		if (outcome != null) {
			sql.append(" and outcome = ?");
			params.add(outcome);
		}
		if (beforeId != null) {
			sql.append(" and id < ?");
			params.add(beforeId);
		}
		sql.append(" order by id desc limit ?");
		params.add(limit);
		return this.jdbc.sql(sql.toString()).params(params).query(ExchangeRecords::map).list();
	}

	private static ExchangeRecord map(ResultSet rs, int row) throws SQLException {
		return new ExchangeRecord(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("policy"),
				rs.getString("subject_issuer"), rs.getString("subject"), rs.getString("subject_jti"),
				rs.getString("outcome"), rs.getString("reason"), rs.getString("issued_jti"),
				rs.getString("client_address"));
	}

	private static String cut(String value, int max) {
		if (value == null) {
			return null;
		}
		String clean = value.replace('\u0000', ' ');
		return (clean.length() > max) ? clean.substring(0, max) : clean;
	}

	/** One exchange as recorded. */
	public record ExchangeRecord(long id, Instant occurredAt, String policy, String subjectIssuer, String subject,
			String subjectJti, String outcome, String reason, String issuedJti, String clientAddress) {
	}

}
