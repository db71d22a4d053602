package dev.sigil.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import dev.sigil.db.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTests {

	@Test
	void migrateWhenFreshDatabaseThenCreatesTablesAndTheIndexesQueriesNeed() throws Exception {
		TestDatabase database = TestDatabase.get();
		Flyway flyway = Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.schemas("sigil")
			.createSchemas(true)
			.placeholders(java.util.Map.of("approle", database.applicationUsername()))
			.load();
		MigrateResult first = flyway.migrate();
		assertThat(first.success).isTrue();
		assertThat(flyway.migrate().migrationsExecuted).as("migrating again changes nothing").isZero();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			assertThat(names(statement, "select table_name from information_schema.tables where table_schema = 'sigil'"))
				.contains("org", "app", "machine", "machine_credential", "api_token", "signing_key", "issued_token");
			assertThat(names(statement, "select indexname from pg_indexes where schemaname = 'sigil'")).contains(
					"issued_token_jti", "issued_token_org_time", "issued_token_org_app_time",
					"issued_token_org_machine_time", "issued_token_org_audience_time",
					"machine_credential_hash_unique", "api_token_hash_unique", "signing_key_one_active_per_org");
		}
	}

	@Test
	void applicationRoleWhenItChangesTheLedgerThenRefused() throws Exception {
		TestDatabase database = TestDatabase.get();
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.schemas("sigil")
			.createSchemas(true)
			.placeholders(java.util.Map.of("approle", database.applicationUsername()))
			.load()
			.migrate();
		try (Connection application = database.connectAsApplication();
				Statement statement = application.createStatement()) {
			statement.execute("insert into admin_event (occurred_at, actor, action) values (now(), 'test', 'test.appended')");
			assertThat(names(statement, "select action from admin_event where action = 'test.appended'")).isNotEmpty();
			for (String change : List.of("update admin_event set detail = 'rewritten'", "delete from admin_event",
					"truncate admin_event", "update issued_token set audience = 'rewritten'", "delete from issued_token",
					"truncate issued_token", "delete from flyway_schema_history", "drop table issued_token",
					"alter table issued_token disable trigger all")) {
				org.assertj.core.api.Assertions.assertThatExceptionOfType(java.sql.SQLException.class)
					.as(change)
					.isThrownBy(() -> statement.execute(change))
					.satisfies((ex) -> assertThat(ex.getSQLState()).as(change).isIn("42501", "42P01"));
			}
			statement.execute("update org set name = name where false");
		}
	}

	private static List<String> names(Statement statement, String sql) throws Exception {
		List<String> names = new ArrayList<>();
		try (ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

}
