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
 * Fills an audit ledger with N generated rows (20 orgs, 50 apps, 2,000 machines, 5 audiences, one
 * token a second or so) in a database of its own, then times the admin UI's and the management API's
 * queries through the same {@link AuditQuery} the server uses, and prints p50/p99 and each query's
 * plan.
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
		String database = "sigil_bench_audit_" + rows;
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
			time("jti lookup (one org, management API)", ROUNDS,
					(i) -> query.search(org, new AuditFilter(jtis.get(i % jtis.size()), null, null, null, null, null), 50,
							null));
			time("first page, one org", ROUNDS, (i) -> query.search(org, AuditFilter.none(), 50, null));
			time("first page, one org + app + audience", ROUNDS,
					(i) -> query.search(org, new AuditFilter(null, "app-" + (i % 50), null, "aud-" + (i % 5), null, null),
							50, null));
			time("first page, one org + machine", ROUNDS, (i) -> query.search(org,
					new AuditFilter(null, null, "machine-" + (i % 2000), null, null, null), 50, null));
			time("first page, every org (admin UI)", ROUNDS, (i) -> query.search(null, AuditFilter.none(), 50, null));
			explain(dataSource, "select * from issued_token where jti = '" + jtis.get(0) + "'");
			explain(dataSource, "select * from issued_token where org_id = '" + org
					+ "' and app_name = 'app-7' and audience = 'aud-2' order by issued_at desc, id desc limit 51");
		}
	}

	private static void prepare(String adminUrl, String database, String url, long rows) throws Exception {
		try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "");
				Statement statement = admin.createStatement();
				ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
			if (exists.next()) {
				System.out.println("Reusing " + database + " (drop it to regenerate)");
				return;
			}
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
			statement.execute("create temporary table orgs as select row_number() over (order by slug) - 1 as n, id from org");
			statement.execute("""
					insert into issued_token (jti, org_id, app_id, app_name, machine_id, machine_name, machine_version,
					    subject, audience, kid, issued_at, expires_at, client_address, claims)
					select gen_random_uuid(), o.id, gen_random_uuid(), 'app-' || (i / 20 % 50), gen_random_uuid(),
					    'machine-' || (i / 20 % 2000), 1, 'org:app-' || (i / 20 % 50) || ':machine-' || (i / 20 % 2000),
					    'aud-' || (i / 7 % 5), 'kid-' || (i % 3), now() - make_interval(secs => i * 0.9),
					    now() - make_interval(secs => i * 0.9) + interval '10 minutes', '10.0.0.' || (i % 250),
					    jsonb_build_object('sub', 'org:app:machine', 'n', i)
					from generate_series(1, ROWS) i join orgs o on o.n = i % 20
					""".replace("ROWS", Long.toString(rows)));
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
