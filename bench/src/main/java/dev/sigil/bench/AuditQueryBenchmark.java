package dev.sigil.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.audit.AuditFilter;
import dev.sigil.issuer.audit.AuditQuery;

/**
 * Fills an audit ledger with N generated rows spread evenly over the last 30 days, one
 * daily partition each (20 orgs, 50 apps, 2,000 machines, 5 audiences; time-ordered jtis
 * as the server mints them; the hourly rollup filled from them) in a database of its own,
 * then times the admin UI's and the management API's queries through the same
 * {@link AuditQuery} the server uses: a jti lookup, filtered first pages, 7 days of
 * activity; then the retention drop of one day's partition, and the disk per million
 * rows. Prints p50/p99 and the plans.
 *
 * <pre>java -cp ... dev.sigil.bench.AuditQueryBenchmark [rows] [admin-jdbc-url]</pre>
 */
public final class AuditQueryBenchmark {

	private static final int ROUNDS = 200;

	private static final java.util.concurrent.atomic.AtomicLong ROWS_MEASURED = new java.util.concurrent.atomic.AtomicLong();

	private AuditQueryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		long rows = (args.length > 0) ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
		String adminUrl = (args.length > 1) ? args[1] : "jdbc:postgresql://localhost:5432/postgres";
		String database = "sigil_bench_ledger_" + rows;
		String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database + "?currentSchema=sigil";
		prepare(adminUrl, database, url, rows);
		ROWS_MEASURED.set(rows);
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl(url);
			dataSource.setUsername("postgres");
			AuditQuery query = new AuditQuery(JdbcClient.create(dataSource), new JdbcTemplate(dataSource),
					new JdbcTransactionManager(dataSource), JsonMapper.builder().build());
			List<UUID> jtis = sample(dataSource, "select jti from issued_token tablesample system (1) limit 1000");
			UUID org = sample(dataSource, "select org_id from issued_token where id = 1").get(0);
			System.out.printf("%nAudit queries over %,d rows (%d rounds each)%n", rows, ROUNDS);
			System.out.printf("%-44s %10s %10s%n", "query", "p50 ms", "p99 ms");
			time("jti lookup (any org)", ROUNDS, (i) -> query.byJti(null, jtis.get(i % jtis.size())));
			time("jti lookup (one org, management API)", ROUNDS, (i) -> query.search(org,
					new AuditFilter(jtis.get(i % jtis.size()), null, null, null, null, null), 50, null));
			time("first page, one org", ROUNDS, (i) -> query.search(org, AuditFilter.none(), 50, null));
			time("first page, one org + app + audience", ROUNDS, (i) -> query.search(org,
					new AuditFilter(null, "app-" + (i % 50), null, "aud-" + (i % 5), null, null), 50, null));
			time("first page, one org + machine", ROUNDS, (i) -> query.search(org,
					new AuditFilter(null, null, "machine-" + (i % 2000), null, null, null), 50, null));
			time("first page, every org (admin UI)", ROUNDS, (i) -> query.search(null, AuditFilter.none(), 50, null));
			java.time.Instant now = java.time.Instant.now();
			time("activity, one org, 7 days by hour", ROUNDS,
					(i) -> query.activity(org, null, null, now.minus(java.time.Duration.ofDays(7)), now, "hour"));
			time("activity, one org + app, 7 days by day", ROUNDS, (i) -> query.activity(org, "app-" + (i % 50), null,
					now.minus(java.time.Duration.ofDays(7)), now, "day"));
			explain(dataSource, "select * from issued_token where jti = '" + jtis.get(0) + "' and issued_at = '"
					+ dev.sigil.issuer.audit.LedgerIds.timeOf(jtis.get(0)) + "'");
			explain(dataSource, "select * from issued_token where org_id = '" + org
					+ "' and app_name = 'app-7' and audience = 'aud-2' order by issued_at desc, id desc limit 51");
			disk(dataSource, rows);
		}
	}

	/**
	 * Disk per million rows (table, indexes and TOAST of the partitions), and dropping
	 * the oldest day.
	 */
	private static void disk(HikariDataSource dataSource, long rows) throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			long bytes;
			try (ResultSet result = statement.executeQuery("select sum(pg_total_relation_size(i.inhrelid)) "
					+ "from pg_inherits i where i.inhparent = 'issued_token'::regclass")) {
				result.next();
				bytes = result.getLong(1);
			}
			System.out.printf(java.util.Locale.ROOT, "DISK %.0f%n", bytes / (rows / 1e6) / 1e6);
			String oldest;
			long oldestRows;
			try (ResultSet result = statement.executeQuery("select c.relname, c.reltuples::bigint from pg_inherits i "
					+ "join pg_class c on c.oid = i.inhrelid where i.inhparent = 'issued_token'::regclass "
					+ "order by c.relname limit 1")) {
				result.next();
				oldest = result.getString(1);
				oldestRows = result.getLong(2);
			}
			// The drop the maintenance job makes past the retention; the database is
			// generated again next run.
			long start = System.nanoTime();
			statement.execute("drop table " + oldest);
			System.out.printf(java.util.Locale.ROOT, "DROP %.1f %d%n", (System.nanoTime() - start) / 1e6, oldestRows);
		}
		try (Connection admin = dataSource.getConnection(); Statement statement = admin.createStatement()) {
			statement.execute("select 1");
		}
	}

	private static void prepare(String adminUrl, String database, String url, long rows) throws Exception {
		try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "");
				Statement statement = admin.createStatement();
				ResultSet exists = statement.executeQuery("select 1")) {
			// Generated afresh each run: the run drops a partition, and the days move on.
			statement.execute("drop database if exists " + database);
			statement.execute("drop database if exists " + database + "_partial");
			statement.execute("create database " + database + "_partial");
		}
		generate(adminUrl, database, url.replace(database, database + "_partial"), rows);
		try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "");
				Statement statement = admin.createStatement()) {
			// Renamed only when complete, so an interrupted run is never reused.
			statement.execute("alter database " + database + "_partial rename to " + database);
		}
	}

	private static void generate(String adminUrl, String database, String url, long rows) throws Exception {
		try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "");
				Statement statement = admin.createStatement()) {
			statement.execute("select 1");
		}
		Flyway.configure()
			.dataSource(url, "postgres", "")
			.schemas("sigil")
			.createSchemas(true)
			.placeholders(java.util.Map.of("approle", ""))
			.load()
			.migrate();
		long start = System.nanoTime();
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("""
					insert into org (id, slug, name, signing_algorithm, created_at)
					select gen_random_uuid(), 'org-' || i, 'Org ' || i, 'RS256', now() from generate_series(0, 19) i
					""");
			statement.execute(
					"create temporary table orgs as select row_number() over (order by slug) - 1 as n, id from org");
			// Thirty days ending now, one partition each, filled day by day: a
			// time-ordered jti per row whose
			// first 48 bits are its issue time in milliseconds, as the server mints them.
			long perDay = rows / 30;
			for (int day = 29; day >= 0; day--) {
				statement.execute("create table if not exists issued_token_"
						+ java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(day).toString().replace("-", "")
						+ " partition of issued_token for values from ('"
						+ java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(day) + "T00:00:00Z') to ('"
						+ java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(day - 1) + "T00:00:00Z')");
				long first = (29 - day) * perDay;
				String dayStart = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(day) + "T00:00:00Z";
				String limit = (day == 0) ? "least(now(), '" + dayStart + "'::timestamptz + interval '1 day')"
						: "'" + dayStart + "'::timestamptz + interval '1 day'";
				statement.execute(
						("""
								insert into issued_token (jti, org_id, app_id, app_name, machine_id, machine_name, machine_version,
								    subject, audience, kid, issued_at, expires_at, client_address, claims)
								select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(r, 1, 3) || '-8' || substr(r, 4, 3)
								        || '-' || substr(r, 7, 12))::uuid,
								    o.id, gen_random_uuid(), 'app-' || (i / 20 % 50), gen_random_uuid(),
								    'machine-' || (i / 20 % 2000), 1, 'org:app-' || (i / 20 % 50) || ':machine-' || (i / 20 % 2000),
								    'aud-' || (i / 7 % 5), 'kid-' || (i % 3), t, t + interval '10 minutes', '10.0.0.' || (i % 250),
								    jsonb_build_object('sub', 'org:app:machine', 'n', i)
								from (select i, t, lpad(to_hex((extract(epoch from t) * 1000)::bigint), 12, '0') as h, md5(i::text) as r
								      from (select i, date_trunc('milliseconds', 'DAY_START'::timestamptz
								                   + (LIMIT - 'DAY_START'::timestamptz) * ((i - FIRST)::float8 / PER_DAY)) as t
								            from generate_series(FIRST, FIRST + PER_DAY - 1) i) g) x
								join orgs o on o.n = x.i % 20
								""")
							.replace("DAY_START", dayStart)
							.replace("LIMIT", limit)
							.replace("FIRST", Long.toString(first))
							.replace("PER_DAY", Long.toString(perDay)));
			}
			statement.execute("""
					insert into audit_rollup (org_id, hour, app_name, audience, issued)
					select org_id, date_trunc('hour', issued_at), app_name, audience, count(*) from issued_token
					group by 1, 2, 3, 4""");
			statement.execute("analyze issued_token");
		}
		System.out.printf("Generated %,d audit rows in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
	}

	private static List<UUID> sample(HikariDataSource dataSource, String sql) throws Exception {
		List<UUID> values = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getObject(1, UUID.class));
			}
		}
		return values;
	}

	private static void time(String name, int rounds, java.util.function.IntConsumer query) {
		// Warm the JIT and the caches on other samples than the measured ones.
		for (int i = 0; i < rounds; i++) {
			query.accept(i + rounds);
		}
		long[] nanos = new long[rounds];
		for (int i = 0; i < rounds; i++) {
			long start = System.nanoTime();
			query.accept(i);
			nanos[i] = System.nanoTime() - start;
		}
		java.util.Arrays.sort(nanos);
		double p50 = nanos[rounds / 2] / 1e6;
		double p99 = nanos[(int) (rounds * 0.99)] / 1e6;
		System.out.printf("%-44s %10.2f %10.2f%n", name, p50, p99);
		System.out.printf(java.util.Locale.ROOT, "QUERY %d %.2f %.2f %s%n", ROWS_MEASURED.get(), p50, p99, name);
	}

	private static void explain(HikariDataSource dataSource, String sql) throws Exception {
		System.out.println("\nPlan of: " + sql);
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("explain (analyze, buffers) " + sql)) {
			while (rows.next()) {
				System.out.println("  " + rows.getString(1));
			}
		}
	}

}
