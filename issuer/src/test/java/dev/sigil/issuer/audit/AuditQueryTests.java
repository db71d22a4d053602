package dev.sigil.issuer.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

import tools.jackson.databind.json.JsonMapper;

import dev.sigil.db.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The audit ledger read back on a real PostgreSQL with the real migrations, as the
 * application's own role: newest first, every row once across pages (ties in issue time
 * too), one org's rows only, each filter served.
 */
class AuditQueryTests {

	private static final UUID ACME = UUID.randomUUID();

	private static final UUID OTHER = UUID.randomUUID();

	/**
	 * Noon the day after tomorrow (UTC): inside the daily partitions the migrations
	 * create ahead.
	 */
	private static final Instant BASE = LocalDate.now(ZoneOffset.UTC)
		.plusDays(2)
		.atTime(12, 0)
		.toInstant(ZoneOffset.UTC);

	private static final String CLAIMS = "{\"sub\":\"acme:web:web-1\",\"note\":\"quote \\\" backslash \\\\ "
			+ "separator \\u2028 emoji \ud83d\ude00\"}";

	/** Each row's name by its jti, in the order the rows were written. */
	private static final Map<UUID, String> NAMES = new LinkedHashMap<>();

	private static AuditQuery query;

	@BeforeAll
	static void ledger() throws Exception {
		TestDatabase database = TestDatabase.get();
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.schemas("sigil")
			.createSchemas(true)
			.placeholders(Map.of("approle", database.applicationUsername()))
			.load()
			.migrate();
		try (Connection owner = database.connect()) {
			org(owner, ACME, "acme");
			org(owner, OTHER, "other");
			// Ids follow this order, which breaks ties in issue time: o1 > r4 > r3.
			row(owner, "r0", ACME, "web", "web-1", "sts", 0);
			row(owner, "r1", ACME, "web", "web-2", "sts", 1);
			row(owner, "o0", OTHER, "web", "web-1", "sts", 1);
			row(owner, "r2", ACME, "api", "api-1", "vault", 2);
			row(owner, "r3", ACME, "web", "web-1", "sts", 3);
			row(owner, "r4", ACME, "api", "api-1", "sts", 3);
			row(owner, "o1", OTHER, "web", "web-1", "sts", 3);
			row(owner, "r5", ACME, "web", "web-2", "vault", 4);
			row(owner, "r6", ACME, "web", "web-1", "sts", 5);
		}
		DriverManagerDataSource application = new DriverManagerDataSource(database.jdbcUrl(),
				database.applicationUsername(), database.applicationPassword());
		query = new AuditQuery(JdbcClient.create(application), new JdbcTemplate(application),
				new JdbcTransactionManager(application), JsonMapper.builder().build());
	}

	private static void org(Connection owner, UUID id, String slug) throws Exception {
		try (PreparedStatement insert = owner
			.prepareStatement("insert into org (id, slug, name, created_at) values (?, ?, ?, now())")) {
			insert.setObject(1, id);
			insert.setString(2, slug);
			insert.setString(3, slug);
			insert.executeUpdate();
		}
	}

	private static void row(Connection owner, String name, UUID org, String app, String machine, String audience,
			int second) throws Exception {
		Instant issuedAt = BASE.plusSeconds(second);
		UUID jti = LedgerIds.jti(issuedAt.toEpochMilli());
		try (PreparedStatement insert = owner.prepareStatement("insert into issued_token (jti, org_id, app_id, "
				+ "app_name, machine_id, machine_name, machine_version, subject, audience, kid, issued_at, expires_at, "
				+ "claims) values (?, ?, ?, ?, ?, ?, 1, ?, ?, 'kid-1', ?, ?, ?::json)")) {
			insert.setObject(1, jti);
			insert.setObject(2, org);
			insert.setObject(3, UUID.randomUUID());
			insert.setString(4, app);
			insert.setObject(5, UUID.randomUUID());
			insert.setString(6, machine);
			insert.setString(7, "acme:" + app + ":" + machine);
			insert.setString(8, audience);
			insert.setTimestamp(9, Timestamp.from(issuedAt));
			insert.setTimestamp(10, Timestamp.from(issuedAt.plusSeconds(600)));
			insert.setString(11, CLAIMS);
			insert.executeUpdate();
		}
		NAMES.put(jti, name);
	}

	private static UUID jtiOf(String name) {
		return NAMES.entrySet().stream().filter((e) -> e.getValue().equals(name)).findFirst().orElseThrow().getKey();
	}

	private static List<String> names(List<AuditRecord> records) {
		return records.stream().map((record) -> NAMES.get(record.jti())).toList();
	}

	/** Every page in turn, each cursor passed on as a caller would (as text). */
	private static List<List<String>> pages(UUID org, AuditFilter filter, int limit) {
		List<List<String>> pages = new ArrayList<>();
		AuditCursor after = null;
		do {
			AuditPage page = query.search(org, filter, limit, after);
			pages.add(names(page.records()));
			after = (page.next() != null) ? AuditCursor.decode(page.next().encode()) : null;
		}
		while (after != null && pages.size() < 20);
		return pages;
	}

	@ParameterizedTest(name = "limit {0}")
	@ValueSource(ints = { 1, 2, 3, 6, 7, 8, AuditQuery.MAX_LIMIT })
	void searchWhenPagedThenEveryRowOnceNewestFirstWithTiesByRowId(int limit) {
		List<List<String>> pages = pages(ACME, AuditFilter.none(), limit);

		assertThat(pages.stream().flatMap(List::stream)).containsExactly("r6", "r5", "r4", "r3", "r2", "r1", "r0");
		assertThat(pages).hasSize((7 + limit - 1) / limit).allSatisfy((page) -> assertThat(page).isNotEmpty());
		assertThat(pages.subList(0, pages.size() - 1)).allSatisfy((page) -> assertThat(page).hasSize(limit));
	}

	@Test
	void searchWhenEveryOrgThenTheirRowsInterleavedByTime() {
		assertThat(pages(null, AuditFilter.none(), 2).stream().flatMap(List::stream)).containsExactly("r6", "r5", "o1",
				"r4", "r3", "r2", "o0", "r1", "r0");
	}

	static Stream<Arguments> filters() {
		Instant at3 = BASE.plusSeconds(3);
		return Stream.of(
				Arguments.of("app", new AuditFilter(null, "web", null, null, null, null),
						List.of("r6", "r5", "r3", "r1", "r0")),
				Arguments.of("machine", new AuditFilter(null, null, "web-1", null, null, null),
						List.of("r6", "r3", "r0")),
				Arguments.of("audience", new AuditFilter(null, null, null, "vault", null, null), List.of("r5", "r2")),
				Arguments.of("from, inclusive", new AuditFilter(null, null, null, null, at3, null),
						List.of("r6", "r5", "r4", "r3")),
				Arguments.of("to, exclusive", new AuditFilter(null, null, null, null, null, at3),
						List.of("r2", "r1", "r0")),
				Arguments.of("from and to",
						new AuditFilter(null, null, null, null, BASE.plusSeconds(1), BASE.plusSeconds(4)),
						List.of("r4", "r3", "r2", "r1")),
				Arguments.of("app and audience", new AuditFilter(null, "web", null, "sts", null, null),
						List.of("r6", "r3", "r1", "r0")),
				Arguments.of("jti", new AuditFilter(jtiOf("r2"), null, null, null, null, null), List.of("r2")),
				Arguments.of("another org's jti", new AuditFilter(jtiOf("o1"), null, null, null, null, null),
						List.of()),
				Arguments.of("no such app", new AuditFilter(null, "nope", null, null, null, null), List.of()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("filters")
	void searchWhenFilteredThenOnlyTheOrgsMatchingRowsOnEveryPage(String name, AuditFilter filter,
			List<String> expected) {
		assertThat(pages(ACME, filter, 2).stream().flatMap(List::stream)).containsExactlyElementsOf(expected);
	}

	@Test
	void searchWhenCursorFromAnotherOrgsPageThenStillOnlyTheCallersRows() {
		// The other org's newest row, o1, was written after r4 and r3 in the same second.
		AuditCursor otherOrgs = query.search(OTHER, AuditFilter.none(), 1, null).next();

		assertThat(names(query.search(ACME, AuditFilter.none(), 10, otherOrgs).records())).containsExactly("r4", "r3",
				"r2", "r1", "r0");
	}

	@Test
	void searchWhenRowReadBackThenClaimsAndFieldsAsWritten() {
		AuditRecord record = query.search(ACME, new AuditFilter(jtiOf("r0"), null, null, null, null, null), 1, null)
			.records()
			.get(0);

		assertThat(record.orgSlug()).isEqualTo("acme");
		assertThat(record.issuedAt()).isEqualTo(BASE);
		assertThat(record.expiresAt()).isEqualTo(BASE.plusSeconds(600));
		assertThat(record.claims()).containsEntry("sub", "acme:web:web-1")
			.containsEntry("note", "quote \" backslash \\ separator \u2028 emoji \ud83d\ude00");
	}

	@Test
	void audiencePrefixWhenSearchedThenTheAudienceIndexServesIt() throws Exception {
		StringBuilder plan = new StringBuilder();
		try (Connection owner = TestDatabase.get().connect(); java.sql.Statement statement = owner.createStatement()) {
			owner.setAutoCommit(false);
			// Left alone with the audience index (in a transaction rolled back), the
			// planner shows whether that index can take the prefix as a condition: under
			// a collation other than C only the pattern operator class (~>=~) can.
			List<String> others = new ArrayList<>();
			try (java.sql.ResultSet rows = statement.executeQuery("""
					select i.indexname from pg_indexes i
					where i.schemaname = 'sigil' and i.tablename = 'issued_token'
					  and i.indexname <> 'issued_token_org_audience_time'
					  and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
					""")) {
				while (rows.next()) {
					others.add(rows.getString(1));
				}
			}
			for (String index : others) {
				statement.execute("drop index sigil." + index);
			}
			statement.execute("set local enable_seqscan = off");
			try (java.sql.ResultSet rows = statement.executeQuery("explain select count(*) from sigil.issued_token "
					+ "where org_id = '" + ACME + "' and audience like 'st%'")) {
				while (rows.next()) {
					plan.append(rows.getString(1)).append('\n');
				}
			}
			owner.rollback();
		}
		assertThat(plan.toString()).as(plan.toString()).containsPattern("Index Cond: .*audience.*(~>=~|>=)");
	}

	@Test
	void byJtiWhenOwnOrgOrEveryOrgThenFoundElseNot() {
		assertThat(query.byJti(ACME, jtiOf("r4"))).map(AuditRecord::jti).contains(jtiOf("r4"));
		assertThat(query.byJti(null, jtiOf("o0"))).map(AuditRecord::jti).contains(jtiOf("o0"));
		assertThat(query.byJti(ACME, jtiOf("o0"))).isEmpty();
		assertThat(query.byJti(ACME, UUID.randomUUID())).isEmpty();
	}

	@Test
	void streamWhenOrgGivenThenEveryRowOnceNewestFirst() {
		List<AuditRecord> streamed = new ArrayList<>();

		query.stream(ACME, AuditFilter.none(), streamed::add);

		assertThat(names(streamed)).containsExactly("r6", "r5", "r4", "r3", "r2", "r1", "r0");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, AuditQuery.MAX_LIMIT + 1 })
	void searchWhenLimitOutOfRangeThenRefused(int limit) {
		assertThatIllegalArgumentException().isThrownBy(() -> query.search(ACME, AuditFilter.none(), limit, null))
			.withMessage("limit must be 1-500");
	}

}
