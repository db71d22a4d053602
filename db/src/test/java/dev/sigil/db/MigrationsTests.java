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
			assertThat(
					names(statement, "select table_name from information_schema.tables where table_schema = 'sigil'"))
				.contains("org", "app", "machine", "machine_credential", "api_token", "signing_key", "issued_token");
			assertThat(names(statement, "select indexname from pg_indexes where schemaname = 'sigil'")).contains(
					"issued_token_jti", "issued_token_org_time", "issued_token_org_app_time",
					"issued_token_org_machine_time", "issued_token_org_audience_time", "machine_credential_hash_unique",
					"api_token_hash_unique", "signing_key_one_active_per_org");
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
			statement.execute(
					"insert into admin_event (occurred_at, actor, action) values (now(), 'test', 'test.appended')");
			assertThat(names(statement, "select action from admin_event where action = 'test.appended'")).isNotEmpty();
			for (String change : List.of("update admin_event set detail = 'rewritten'", "delete from admin_event",
					"truncate admin_event", "update issued_token set audience = 'rewritten'",
					"delete from issued_token", "truncate issued_token", "delete from flyway_schema_history",
					"drop table issued_token", "alter table issued_token disable trigger all",
					"delete from " + todaysPartition(statement), "update audit_checkpoint set jws = 'forged'",
					"delete from audit_checkpoint")) {
				org.assertj.core.api.Assertions.assertThatExceptionOfType(java.sql.SQLException.class)
					.as(change)
					.isThrownBy(() -> statement.execute(change))
					.satisfies((ex) -> assertThat(ex.getSQLState()).as(change).isIn("42501", "42P01"));
			}
			statement.execute("update org set name = name where false");
		}
	}

	@Test
	void migrateWhenLedgerHoldsRowsThenTheyMoveIntoDailyPartitionsWhole() throws Exception {
		TestDatabase database = TestDatabase.get();
		String schema = "sigil_upgrade";
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.schemas(schema)
			.createSchemas(true)
			.target("22")
			.placeholders(java.util.Map.of("approle", database.applicationUsername()))
			.load()
			.migrate();
		List<String> before;
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("set search_path to " + schema);
			// 3,000 rows of the earlier version: random jtis, issued over the last three
			// days.
			statement.execute("insert into issued_token (jti, org_id, app_id, app_name, machine_id, machine_name, "
					+ "machine_version, subject, audience, kid, issued_at, expires_at, client_address, claims) "
					+ "select gen_random_uuid(), '00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'web', "
					+ "gen_random_uuid(), 'm-' || n, 1, 'acme:web:m-' || n, 'sts.amazonaws.com', 'kid-1', "
					+ "now() - n * interval '86 seconds', now() + interval '10 minutes', '10.0.0.1', "
					+ "jsonb_build_object('n', n) from generate_series(1, 3000) as n");
			before = names(statement, "select id || ' ' || jti || ' ' || issued_at || ' ' || claims::text "
					+ "from issued_token order by id");
		}
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.schemas(schema)
			.placeholders(java.util.Map.of("approle", database.applicationUsername()))
			.load()
			.migrate();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("set search_path to " + schema);
			assertThat(names(statement, "select id || ' ' || jti || ' ' || issued_at || ' ' || claims::text "
					+ "from issued_token order by id"))
				.as("every row, unchanged")
				.isEqualTo(before);
			assertThat(names(statement,
					"select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
							+ "where i.inhparent = 'issued_token'::regclass"))
				.hasSizeGreaterThanOrEqualTo(3 + 7)
				.allMatch((name) -> name.matches("issued_token_\\d{8}"));
			assertThat(names(statement, "select count(distinct tableoid) from issued_token").get(0)).isIn("3", "4");
			assertThat(names(statement, "select count(*) from only issued_token")).containsExactly("0");
			// A time-ordered jti must carry its row's time: the check refuses one that
			// does not.
			String jti = names(statement,
					"select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7000-8000-000000000000')"
							+ " from (select lpad(to_hex(floor(extract(epoch from now()) * 1000)::bigint), 12, '0') as h) t")
				.get(0);
			String insert = "insert into issued_token (jti, org_id, app_id, app_name, machine_id, machine_name, "
					+ "machine_version, subject, audience, kid, issued_at, expires_at, claims) values ('" + jti
					+ "', gen_random_uuid(), gen_random_uuid(), 'web', gen_random_uuid(), 'm', 1, 's', 'a', 'k', %s, "
					+ "now(), '{}')";
			org.assertj.core.api.Assertions.assertThatExceptionOfType(java.sql.SQLException.class)
				.isThrownBy(() -> statement.execute(insert.formatted("now() - interval '1 second'")))
				.withMessageContaining("issued_token_jti_is_time");
			statement.execute(insert.formatted("sigil_uuid_v7_time('" + jti + "')"));
			assertThat(names(statement, "select id > 3000 from issued_token where jti = '" + jti + "'"))
				.as("ids go on from the copied rows'")
				.containsExactly("t");
		}
		finally {
			try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
				statement.execute("drop schema if exists " + schema + " cascade");
			}
		}
	}

	private static String todaysPartition(Statement statement) throws Exception {
		return names(statement, "select 'issued_token_' || to_char(now() at time zone 'UTC', 'YYYYMMDD')").get(0);
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
