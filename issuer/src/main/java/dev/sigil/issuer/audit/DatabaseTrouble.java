package dev.sigil.issuer.audit;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that is down or overloaded (retrying row by row would only wait
 * longer) from a database that refused something the statement carried (retrying row by
 * row finds the culprit).
 *
 * @see <a href=
 * "https://www.postgresql.org/docs/current/errcodes-appendix.html">PostgreSQL error
 * codes</a>
 */
final class DatabaseTrouble {

	private DatabaseTrouble() {
	}

	static boolean isUnavailable(SQLException ex) {
		if (ex instanceof SQLTransientConnectionException || ex instanceof SQLNonTransientConnectionException
				|| ex instanceof SQLRecoverableException) {
			return true;
		}
		String state = ex.getSQLState();
		if (state == null) {
			return true;
		}
		// 08 connection exception, 25 invalid transaction state (a read-only standby
		// after failover),
		// 40 rollback (serialisation, deadlock), 53 insufficient resources, 55 object not
		// in
		// prerequisite state (lock not available), 57 operator intervention (shutdown,
		// statement
		// timeout), 58 system error, XX internal error: the database's trouble, not the
		// row's.
		return state.startsWith("08") || state.startsWith("25") || state.startsWith("40") || state.startsWith("53")
				|| state.startsWith("55") || state.startsWith("57") || state.startsWith("58") || state.startsWith("XX");
	}

}
