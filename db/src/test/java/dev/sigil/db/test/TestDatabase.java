package dev.sigil.db.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL database one test JVM works in: a Testcontainers PostgreSQL when a
 * Docker engine is reachable, otherwise a database of its own on the server named by
 * {@code SIGIL_TEST_JDBC_URL} (default {@code jdbc:postgresql://localhost:5432/postgres},
 * user {@code postgres}), dropped when the JVM exits. As in production, the schema is
 * migrated by an owner (the admin user) and the application connects as a role of its own
 * that may only add to the audit ledger.
 */
public final class TestDatabase {

	private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://localhost:5432/postgres";

	private static final String NAME_PREFIX = "sigil_test_";

	/**
	 * Databases of runs that died without cleaning up are dropped once they are this old.
	 */
	private static final Duration STALE_AFTER = Duration.ofHours(6);

	private static TestDatabase instance;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private final String adminUrl;

	private final String databaseName;

	private final String applicationUsername;

	private static final String APPLICATION_PASSWORD = "sigil-test-application";

	private TestDatabase(String jdbcUrl, String username, String password, String adminUrl, String databaseName,
			String applicationUsername) {
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
		this.adminUrl = adminUrl;
		this.databaseName = databaseName;
		this.applicationUsername = applicationUsername;
	}

	/** The database of this JVM, created on first use. */
	public static synchronized TestDatabase get() {
		if (instance == null) {
			instance = create();
			Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "sigil-test-database-cleanup"));
		}
		return instance;
	}

	/** JDBC URL of the database, with Sigil's schema as the current schema. */
	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	/** The owner: migrates the schema, and is what tests use to look at rows directly. */
	public String username() {
		return this.username;
	}

	/**
	 * The application's own role, as production connects: no UPDATE or DELETE of the
	 * ledger.
	 */
	public String applicationUsername() {
		return this.applicationUsername;
	}

	public String applicationPassword() {
		return APPLICATION_PASSWORD;
	}

	/** Opens a plain JDBC connection as the application's role. */
	public Connection connectAsApplication() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, this.applicationUsername, APPLICATION_PASSWORD);
	}

	public String password() {
		return this.password;
	}

	/**
	 * Opens a plain JDBC connection to the database, for tests that look at rows
	 * directly.
	 */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
	}

	/**
	 * Refuses (or again allows) new connections to this run's database and ends the open
	 * ones, so a test can see what the platform does while its database is unreachable.
	 */
	public void allowConnections(boolean allow) {
		if (this.adminUrl == null) {
			throw new IllegalStateException("Only supported on a database this run created");
		}
		try (Connection admin = DriverManager.getConnection(this.adminUrl, this.username, this.password);
				Statement statement = admin.createStatement()) {
			statement.execute("alter database " + this.databaseName + " allow_connections " + allow);
			if (!allow) {
				statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
						+ this.databaseName + "'");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not change connections to the test database", ex);
		}
	}

	private static TestDatabase create() {
		String configured = System.getenv("SIGIL_TEST_JDBC_URL");
		if (configured == null && dockerAvailable()) {
			return startContainer();
		}
		String adminUrl = (configured != null) ? configured : DEFAULT_ADMIN_URL;
		String username = envOr("SIGIL_TEST_JDBC_USERNAME", "postgres");
		String password = envOr("SIGIL_TEST_JDBC_PASSWORD", "");
		String name = NAME_PREFIX + Instant.now().getEpochSecond() + "_"
				+ Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
		try (Connection admin = DriverManager.getConnection(adminUrl, username, password);
				Statement statement = admin.createStatement()) {
			dropStale(statement);
			statement.execute("create database " + name);
			createApplicationRole(statement, name + "_app");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No PostgreSQL for the tests at " + adminUrl
					+ " (set SIGIL_TEST_JDBC_URL, or start PostgreSQL): " + ex.getMessage(), ex);
		}
		return new TestDatabase(withSchema(replaceDatabase(adminUrl, name)), username, password, adminUrl, name,
				name + "_app");
	}

	private static TestDatabase startContainer() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
		container.start();
		Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "sigil-test-container-stop"));
		try (Connection admin = DriverManager.getConnection(container.getJdbcUrl(), container.getUsername(),
				container.getPassword()); Statement statement = admin.createStatement()) {
			createApplicationRole(statement, "sigil_app");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the application role in the container", ex);
		}
		return new TestDatabase(withSchema(container.getJdbcUrl()), container.getUsername(), container.getPassword(),
				null, null, "sigil_app");
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static void createApplicationRole(Statement statement, String role) throws SQLException {
		statement.execute("drop role if exists " + role);
		statement.execute("create role " + role + " login password '" + APPLICATION_PASSWORD + "'");
	}

	private static void dropStale(Statement statement) throws SQLException {
		List<String> stale = new ArrayList<>();
		long cutoff = Instant.now().minus(STALE_AFTER).getEpochSecond();
		try (ResultSet rows = statement
			.executeQuery("select datname from pg_database where datname like '" + NAME_PREFIX + "%'")) {
			while (rows.next()) {
				String name = rows.getString(1);
				String[] parts = name.substring(NAME_PREFIX.length()).split("_");
				if (parts.length == 2 && parts[0].matches("\\d+") && Long.parseLong(parts[0]) < cutoff) {
					stale.add(name);
				}
			}
		}
		for (String name : stale) {
			statement.execute("drop database if exists " + name + " with (force)");
			statement.execute("drop role if exists " + name + "_app");
		}
	}

	private void close() {
		if (this.adminUrl == null) {
			return;
		}
		try (Connection admin = DriverManager.getConnection(this.adminUrl, this.username, this.password);
				Statement statement = admin.createStatement()) {
			statement.execute("drop database if exists " + this.databaseName + " with (force)");
			statement.execute("drop role if exists " + this.applicationUsername);
		}
		catch (SQLException ex) {
			System.err.println("Could not drop test database " + this.databaseName + ": " + ex.getMessage());
		}
	}

	static String replaceDatabase(String url, String database) {
		int query = url.indexOf('?');
		String base = (query < 0) ? url : url.substring(0, query);
		String params = (query < 0) ? "" : url.substring(query);
		int slash = base.lastIndexOf('/');
		if (slash < "jdbc:postgresql://".length()) {
			return base + "/" + database + params;
		}
		return base.substring(0, slash + 1) + database + params;
	}

	private static String withSchema(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.contains("currentschema=")) {
			return url;
		}
		return url + (url.contains("?") ? "&" : "?") + "currentSchema=sigil";
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isEmpty()) ? fallback : value;
	}

	static Properties asProperties(TestDatabase database) {
		Properties properties = new Properties();
		properties.setProperty("spring.datasource.url", database.jdbcUrl());
		properties.setProperty("spring.datasource.username", database.applicationUsername());
		properties.setProperty("spring.datasource.password", database.applicationPassword());
		properties.setProperty("spring.flyway.user", database.username());
		properties.setProperty("spring.flyway.password", database.password());
		properties.setProperty("spring.flyway.placeholders.approle", database.applicationUsername());
		return properties;
	}

}
