package dev.sigil.issuer.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the audit ledger, newest first, with keyset paging: one org's, or every org's for
 * platform admins. Every filter combination is served by an index that ends with the
 * issue time.
 */
@Repository
public class AuditQuery {

	public static final int MAX_LIMIT = 500;

	private static final int STREAM_FETCH_SIZE = 1000;

	private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {
	};

	private static final String COLUMNS = """
			select t.id, t.jti, t.org_id, o.slug as org_slug, t.app_id, t.app_name, t.machine_id, t.machine_name,
			       t.machine_version, t.subject, t.audience, t.kid, t.issued_at, t.expires_at, t.client_address,
			       t.claims::text as claims
			from issued_token t join org o on o.id = t.org_id where true""";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final TransactionTemplate readOnly;

	private final JsonMapper json;

	public AuditQuery(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager transactions,
			JsonMapper json) {
		this.jdbc = jdbc;
		this.template = template;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.json = json;
	}

	/**
	 * A page of records, newest first.
	 * @param orgId the org, or null for every org
	 */
	public AuditPage search(UUID orgId, AuditFilter filter, int limit, AuditCursor after) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
		}
		List<Object> params = new ArrayList<>();
		StringBuilder sql = where(orgId, filter, params);
		if (after != null) {
			sql.append(" and (t.issued_at, t.id) < (?, ?)");
			params.add(Timestamp.from(after.issuedAt()));
			params.add(after.id());
		}
		sql.append(" order by t.issued_at desc, t.id desc limit ?");
		params.add(limit + 1);
		List<AuditRecord> rows = this.jdbc.sql(sql.toString()).params(params).query(this::map).list();
		if (rows.size() <= limit) {
			return new AuditPage(rows, null);
		}
		List<AuditRecord> page = rows.subList(0, limit);
		AuditRecord last = page.get(limit - 1);
		return new AuditPage(List.copyOf(page), new AuditCursor(last.issuedAt(), last.id()));
	}

	/**
	 * Hands every matching record to the consumer, newest first, through a database
	 * cursor, so that any number of rows passes without being held in memory.
	 */
	public void stream(UUID orgId, AuditFilter filter, Consumer<AuditRecord> consumer) {
		List<Object> params = new ArrayList<>();
		String sql = where(orgId, filter, params).append(" order by t.issued_at desc, t.id desc").toString();
		this.readOnly.executeWithoutResult((status) -> this.template.query((connection) -> {
			var statement = connection.prepareStatement(sql);
			statement.setFetchSize(STREAM_FETCH_SIZE);
			for (int i = 0; i < params.size(); i++) {
				statement.setObject(i + 1, params.get(i));
			}
			return statement;
		}, (ResultSet rs) -> consumer.accept(map(rs, 0))));
	}

	/** The record of a token by its id, in the org given (or any org when null). */
	public Optional<AuditRecord> byJti(UUID orgId, UUID jti) {
		List<Object> params = new ArrayList<>();
		String sql = where(orgId, new AuditFilter(jti, null, null, null, null, null), params).toString();
		return this.jdbc.sql(sql).params(params).query(this::map).optional();
	}

	/**
	 * Tokens issued per time bucket since a time, for one org and audience or all (from
	 * the hourly counts).
	 */
	public List<Bucket> countsOverTime(UUID orgId, String audience, Instant from, String bucket) {
		return activity(orgId, null, audience, from, null, bucket);
	}

	/**
	 * Tokens issued per hour or day in [from, to), for one org (or all) and optionally
	 * one app and audience. Reads the hourly counts the ledger keeps with each commit,
	 * never the rows: its cost follows the number of hours, not of tokens. A bucket holds
	 * the hours that start in it.
	 */
	public List<Bucket> activity(UUID orgId, String app, String audience, Instant from, Instant to, String bucket) {
		if (!List.of("hour", "day").contains(bucket)) {
			throw new IllegalArgumentException("bucket must be hour or day");
		}
		List<Object> params = new ArrayList<>();
		StringBuilder sql = new StringBuilder("select date_trunc('" + bucket
				+ "', hour at time zone 'UTC') as bucket, sum(issued) as issued from audit_rollup where hour >= ?");
		params.add(Timestamp.from(from.truncatedTo(java.time.temporal.ChronoUnit.HOURS)));
		condition(sql, params, "hour < ?", (to != null) ? Timestamp.from(to) : null);
		condition(sql, params, "org_id = ?", orgId);
		condition(sql, params, "app_name = ?", app);
		condition(sql, params, "audience = ?", audience);
		sql.append(" group by 1 order by 1");
		return this.jdbc.sql(sql.toString())
			.params(params)
			.query((rs, row) -> new Bucket(
					rs.getTimestamp("bucket").toLocalDateTime().toInstant(java.time.ZoneOffset.UTC),
					rs.getLong("issued")))
			.list();
	}

	private static StringBuilder where(UUID orgId, AuditFilter filter, List<Object> params) {
		StringBuilder sql = new StringBuilder(COLUMNS);
		condition(sql, params, "t.org_id = ?", orgId);
		condition(sql, params, "t.jti = ?", filter.jti());
		// A time-ordered jti names its issue time, and so the one partition that can hold
		// it.
		condition(sql, params, "t.issued_at = ?", (filter.jti() != null && LedgerIds.timeOf(filter.jti()) != null)
				? Timestamp.from(LedgerIds.timeOf(filter.jti())) : null);
		condition(sql, params, "t.app_name = ?", filter.app());
		condition(sql, params, "t.machine_name = ?", filter.machine());
		if (filter.audiencePrefix()) {
			condition(sql, params, "t.audience like ? escape '\\'",
					(filter.audience() != null) ? filter.audience().replaceAll("([\\\\%_])", "\\\\$1") + "%" : null);
		}
		else {
			condition(sql, params, "t.audience = ?", filter.audience());
		}
		condition(sql, params, "t.issued_at >= ?", (filter.from() != null) ? Timestamp.from(filter.from()) : null);
		condition(sql, params, "t.issued_at < ?", (filter.to() != null) ? Timestamp.from(filter.to()) : null);
		return sql;
	}

	private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
		if (value != null) {
			sql.append(" and ").append(clause);
			params.add(value);
		}
	}

	private AuditRecord map(ResultSet rs, int row) throws SQLException {
		return new AuditRecord(rs.getLong("id"), rs.getObject("jti", UUID.class), rs.getObject("org_id", UUID.class),
				rs.getString("org_slug"), rs.getObject("app_id", UUID.class), rs.getString("app_name"),
				rs.getObject("machine_id", UUID.class), rs.getString("machine_name"), rs.getInt("machine_version"),
				rs.getString("subject"), rs.getString("audience"), rs.getString("kid"),
				rs.getTimestamp("issued_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
				rs.getString("client_address"), this.json.readValue(rs.getString("claims"), CLAIMS));
	}

	/** Tokens issued in one time bucket. */
	public record Bucket(Instant start, long issued) {
	}

}
