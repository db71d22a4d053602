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
