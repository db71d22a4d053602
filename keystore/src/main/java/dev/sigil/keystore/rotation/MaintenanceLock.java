package dev.sigil.keystore.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * The lock that lets one replica at a time run the key maintenance: a PostgreSQL session
 * advisory lock, held on one connection for the whole run while the work itself commits
 * org by org on others. If the replica dies, its connection closes and PostgreSQL
 * releases the lock.
 */
@Component
class MaintenanceLock {

	// The two-key form: a lock space apart from the per-org locks' single keys, so no
	// hash of an org
	// id can ever collide with it.
	private static final int CLASS = 0x5369_6731;

	private static final int KEY = 1;

	private final DataSource dataSource;

	MaintenanceLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Runs the work if no other replica is running it; returns whether it ran. */
	boolean runIfFree(Runnable work) {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			if (!call(connection, "select pg_try_advisory_lock(?, ?)")) {
				return false;
			}
			try {
				work.run();
				return true;
			}
			finally {
				unlock(connection);
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not take the key maintenance lock", ex);
		}
	}

	/**
	 * Unlocks, or closes the connection for good: a pooled connection must never keep the
	 * lock.
	 */
	private static void unlock(Connection connection) throws SQLException {
		try {
			call(connection, "select pg_advisory_unlock(?, ?)");
		}
		catch (SQLException ex) {
			connection.abort(Runnable::run);
			throw ex;
		}
	}

	private static boolean call(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, CLASS);
			statement.setInt(2, KEY);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

}
