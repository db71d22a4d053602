package dev.sigil.changefeed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.sigil.db.event.AdminEvent;

/**
 * Reads the admin event log in commit order. Event ids are taken when a transaction
 * inserts, not when it commits, so reading "ids above the last one seen" skips an event
 * whose transaction commits late. Instead each read also returns its snapshot
 * ({@code xmax} and the transactions still running): every other transaction below
 * {@code xmax} had ended, so all of its events were visible to that read. The next read
 * asks only for events written at or above that {@code xmax}, or by one of those running
 * transactions. A long transaction elsewhere on the server (one that writes no event)
 * costs nothing: it is one id in the list, not a range to read again.
 *
 * @see <a href=
 * "https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-PG-SNAPSHOT">PostgreSQL:
 * snapshot information functions</a>
 */
final class EventJournal {

	private static final String NOW = "select pg_current_snapshot()::text";

	// One statement, so that the snapshot and the rows are the same snapshot.
	private static final String SINCE = """
			select s.snapshot::text as snapshot, e.xid::text as xid, e.id, e.occurred_at, e.actor, e.action,
			       e.org_id, e.subject, e.detail
			from (select pg_current_snapshot() as snapshot) s
			left join admin_event e on e.xid >= ?::xid8 or e.xid = any (?::xid8[])
			order by e.id
			""";

	private EventJournal() {
	}

	/** Where a read that sees everything committed so far would leave off. */
	static Horizon now(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(NOW);
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			return Horizon.parse(rows.getString(1));
		}
	}

	/**
	 * Every event that may have committed since the horizon was taken, and the new
	 * horizon.
	 */
	static Read since(Connection connection, Horizon horizon) throws SQLException {
		List<Written> events = new ArrayList<>();
		Horizon next = null;
		try (PreparedStatement statement = connection.prepareStatement(SINCE)) {
			statement.setString(1, Long.toUnsignedString(horizon.xmax()));
			statement.setString(2, horizon.runningAsArray());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					if (next == null) {
						next = Horizon.parse(rows.getString("snapshot"));
					}
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
		return new Read(next, events);
	}

	/**
	 * A snapshot's boundary: transactions at or above {@code xmax}, and those in
	 * {@code running}, had not ended when it was taken.
	 */
	record Horizon(long xmax, long[] running) {

		/** Reads {@code pg_snapshot} text: {@code xmin:xmax:xip,xip,...}. */
		static Horizon parse(String text) {
			String[] parts = text.split(":", -1);
			if (parts.length != 3) {
				throw new IllegalArgumentException("Not a pg_snapshot: " + text);
			}
			long[] running = parts[2].isEmpty() ? new long[0]
					: Arrays.stream(parts[2].split(",")).mapToLong(Long::parseUnsignedLong).toArray();
			return new Horizon(Long.parseUnsignedLong(parts[1]), running);
		}

		String runningAsArray() {
			StringBuilder array = new StringBuilder("{");
			for (int i = 0; i < this.running.length; i++) {
				array.append((i == 0) ? "" : ",").append(Long.toUnsignedString(this.running[i]));
			}
			return array.append('}').toString();
		}

		/**
		 * Whether this horizon lies before the other: a database restored or replaced
		 * goes backwards.
		 */
		boolean isBefore(Horizon other) {
			return Long.compareUnsigned(this.xmax, other.xmax) < 0;
		}

	}

	/** An event with the transaction that wrote it. */
	record Written(long xid, AdminEvent event) {
	}

	/** What one read found, and the horizon the next read starts from. */
	record Read(Horizon horizon, List<Written> events) {
	}

}
