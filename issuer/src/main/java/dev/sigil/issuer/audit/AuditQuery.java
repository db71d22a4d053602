package dev.sigil.issuer.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one org's audit ledger, newest first, with keyset paging. Every filter combination is served
 * by an index that starts with the org and ends with the issue time.
 */
@Repository
public class AuditQuery {

	public static final int MAX_LIMIT = 500;

	private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	public AuditQuery(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public AuditPage search(UUID orgId, AuditFilter filter, int limit, AuditCursor after) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
		}
		StringBuilder sql = new StringBuilder("""
				select id, jti, app_id, app_name, machine_id, machine_name, machine_version, subject, audience, kid,
				       issued_at, expires_at, client_address, claims::text as claims
				from issued_token where org_id = ?""");
		List<Object> params = new ArrayList<>();
		params.add(orgId);
		condition(sql, params, "jti = ?", filter.jti());
		condition(sql, params, "app_name = ?", filter.app());
		condition(sql, params, "machine_name = ?", filter.machine());
		condition(sql, params, "audience = ?", filter.audience());
		condition(sql, params, "issued_at >= ?", (filter.from() != null) ? Timestamp.from(filter.from()) : null);
		condition(sql, params, "issued_at < ?", (filter.to() != null) ? Timestamp.from(filter.to()) : null);
		if (after != null) {
			sql.append(" and (issued_at, id) < (?, ?)");
			params.add(Timestamp.from(after.issuedAt()));
			params.add(after.id());
		}
		sql.append(" order by issued_at desc, id desc limit ?");
		params.add(limit + 1);
		List<AuditRecord> rows = this.jdbc.sql(sql.toString()).params(params).query(this::map).list();
		if (rows.size() <= limit) {
			return new AuditPage(rows, null);
		}
		List<AuditRecord> page = rows.subList(0, limit);
		AuditRecord last = page.get(limit - 1);
		return new AuditPage(List.copyOf(page), new AuditCursor(last.issuedAt(), last.id()));
	}

	private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
		if (value != null) {
			sql.append(" and ").append(clause);
			params.add(value);
		}
	}

	private AuditRecord map(ResultSet rs, int row) throws SQLException {
		return new AuditRecord(rs.getLong("id"), rs.getObject("jti", UUID.class), rs.getObject("app_id", UUID.class),
				rs.getString("app_name"), rs.getObject("machine_id", UUID.class), rs.getString("machine_name"),
				rs.getInt("machine_version"), rs.getString("subject"), rs.getString("audience"), rs.getString("kid"),
				rs.getTimestamp("issued_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
				rs.getString("client_address"), this.json.readValue(rs.getString("claims"), CLAIMS));
	}

}
