package dev.sigil.issuer.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Connections as the schema's owner (the role Flyway migrates as), for the ledger's
 * partitions: the application's own role may only add rows to the ledger, and creating or
 * dropping a partition takes the owner. One short connection per maintenance run; the
 * same role as the application's in development.
 */
@Component
class LedgerOwner {

	private final String url;

	private final String user;

	private final String password;

	LedgerOwner(DataSourceProperties dataSource, Environment environment) {
		this.url = dataSource.determineUrl();
		// The owner's credentials (SIGIL_DB_OWNER_USERNAME and SIGIL_DB_OWNER_PASSWORD,
		// which
		// application.yml maps to Flyway's) are read from the environment, as a pair: the
		// password is a secret, never held in a settings record, whose toString() would
		// print
		// it.
		this.user = environment.getProperty("spring.flyway.user", dataSource.determineUsername());
		this.password = environment.getProperty("spring.flyway.password", dataSource.determinePassword());
	}

	Connection connect() throws SQLException {
		Connection connection = DriverManager.getConnection(this.url, this.user,
				(this.password != null) ? this.password : "");
		connection.setAutoCommit(true);
		return connection;
	}

}
