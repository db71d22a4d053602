package dev.sigil.db.event;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The admin event log. An event is written in the caller's transaction, so it exists
 * exactly when the change it records does.
 */
@Repository
public class AdminEvents {

	private final JdbcClient jdbc;

	private final Clock clock;

	public AdminEvents(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public void record(String actor, String action, UUID orgId, String subject, String detail) {
		this.jdbc.sql("""
				insert into admin_event (occurred_at, actor, action, org_id, subject, detail)
				values (?, ?, ?, ?, ?, ?)
				""").params(Timestamp.from(this.clock.instant()), actor, action, orgId, subject, detail).update();
	}

	/**
	 * Events with an id above the given one whose action starts with the prefix, by id.
	 */
	public List<AdminEvent> after(long id, String actionPrefix) {
		return this.jdbc.sql("""
				select id, occurred_at, actor, action, org_id, subject, detail from admin_event
				where id > ? and action like ? order by id
				""").params(id, actionPrefix + "%").query(AdminEvents::map).list();
	}

	/** The highest event id so far, or 0. */
	public long lastId() {
		return this.jdbc.sql("select coalesce(max(id), 0) from admin_event").query(Long.class).single();
	}

	/**
	 * Events matching the filter, newest first, at most {@code limit}; every condition
	 * runs in the database on an index, so no flood of one kind of event can hide
	 * another.
	 */
	public List<AdminEvent> search(EventFilter filter, int limit) {
		StringBuilder sql = new StringBuilder(
				"select id, occurred_at, actor, action, org_id, subject, detail from admin_event where true");
		List<Object> params = new java.util.ArrayList<>();
		if (filter.orgId() != null) {
			sql.append(" and org_id = ?");
			params.add(filter.orgId());
		}
		if (filter.actionPrefix() != null) {
			sql.append(" and action like ? escape '\\'");
			params.add(likePrefix(filter.actionPrefix()));
		}
		if (filter.actorPrefix() != null) {
			sql.append(" and actor like ? escape '\\'");
			params.add(likePrefix(filter.actorPrefix()));
		}
		if (filter.before() != null && filter.beforeId() != null) {
			sql.append(" and (occurred_at, id) < (?, ?)");
			params.add(Timestamp.from(filter.before()));
			params.add(filter.beforeId());
		}
		sql.append(" order by occurred_at desc, id desc limit ?");
		params.add(limit);
		return this.jdbc.sql(sql.toString()).params(params).query(AdminEvents::map).list();
	}

	private static String likePrefix(String prefix) {
		return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	/** The newest events of an org, or of all orgs when orgId is null. */
	public List<AdminEvent> latest(UUID orgId, int limit) {
		if (orgId == null) {
			return this.jdbc
				.sql("select id, occurred_at, actor, action, org_id, subject, detail from admin_event "
						+ "order by occurred_at desc, id desc limit ?")
				.param(limit)
				.query(AdminEvents::map)
				.list();
		}
		return this.jdbc
			.sql("select id, occurred_at, actor, action, org_id, subject, detail from admin_event "
					+ "where org_id = ? order by occurred_at desc, id desc limit ?")
			.params(orgId, limit)
			.query(AdminEvents::map)
			.list();
	}

	private static AdminEvent map(ResultSet rs, int row) throws SQLException {
		return new AdminEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
				rs.getString("action"), rs.getObject("org_id", UUID.class), rs.getString("subject"),
				rs.getString("detail"));
	}

}
