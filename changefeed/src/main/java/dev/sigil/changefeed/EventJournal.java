package dev.sigil.changefeed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.sigil.db.event.AdminEvent;

/**
 * Reads the admin event log in commit order. Event ids are taken when a transaction inserts, not
 * when it commits, so reading "ids above the last one seen" skips an event whose transaction commits
 * late. Instead each read also returns its snapshot's horizon: the oldest transaction still running.
 * Every transaction below the horizon has ended, so its events were all visible to that read; the
 * next read asks only for events written at or above it.
 */
final class EventJournal {

	private static final String HORIZON = "select pg_snapshot_xmin(pg_current_snapshot())::text";

	// One statement, so that the horizon and the rows come from the same snapshot.
	private static final String SINCE = """
			select h.horizon::text as horizon, e.xid::text as xid, e.id, e.occurred_at, e.actor, e.action,
			       e.org_id, e.subject, e.detail
			from (select pg_snapshot_xmin(pg_current_snapshot()) as horizon) h
			left join admin_event e on e.xid >= ?::xid8
			order by e.id
			""";

	private EventJournal() {
	}

	/** The horizon now: the oldest transaction id still running. */
	static long horizon(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(HORIZON);
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			return Long.parseUnsignedLong(rows.getString(1));
		}
	}

	/** Every event written by a transaction at or above the horizon, with the horizon of this read. */
	static Read since(Connection connection, long horizon) throws SQLException {
		List<Written> events = new ArrayList<>();
		long newHorizon = horizon;
		try (PreparedStatement statement = connection.prepareStatement(SINCE)) {
			statement.setString(1, Long.toUnsignedString(horizon));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					newHorizon = Long.parseUnsignedLong(rows.getString("horizon"));
					if (rows.getString("xid") == null) {
						continue;
					}
					events.add(new Written(Long.parseUnsignedLong(rows.getString("xid")),
							new AdminEvent(rows.getLong("id"), rows.getTimestamp("occurred_at").toInstant(),
									rows.getString("actor"), rows.getString("action"),
									rows.getObject("org_id", UUID.class), rows.getString("subject"),
									rows.getString("detail"))));
				}
			}
		}
		return new Read(Math.max(horizon, newHorizon), events);
	}

	/** An event with the transaction that wrote it. */
	record Written(long xid, AdminEvent event) {
	}

	/** What one read found, and the horizon below which nothing new can appear. */
	record Read(long horizon, List<Written> events) {
	}

}
