package dev.sigil.issuer.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Repository;

/**
 * Writes the audit ledger by group commit: concurrent requests hand their entries to a
 * writer, which inserts whatever is waiting in one statement and one transaction,
 * chaining each row into its org's hash chain ({@link LedgerChain}) and adding it to the
 * hourly counts; each caller learns only once the transaction holding its own row has
 * committed. If a batch fails while the database is up, it is split in halves and each
 * half written again, down to single rows, so that only a row the database refuses fails
 * its request (one bad row in a batch of 128 costs about 14 more statements).
 */
@Repository
@EnableConfigurationProperties(AuditProperties.class)
public class AuditLedger implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(AuditLedger.class);

	private static final String INSERT = "insert into issued_token (jti, org_id, app_id, app_name, machine_id, "
			+ "machine_name, machine_version, subject, audience, kid, issued_at, expires_at, client_address, claims, "
			+ "chain_position, chain_hash) values ";

	private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?, ?)";

	private static final String NEW_CHAINS = "insert into audit_chain (org_id, position, head) "
			+ "select o, 0, ? from unnest(?::uuid[]) as o on conflict (org_id) do nothing";

	private static final String LOCK_HEADS = "select org_id, position, head from audit_chain where org_id = any (?) "
			+ "order by org_id for update";

	// The rows, the chain heads and the hourly counts in one statement: one round trip a
	// batch.
	private static final String HEADS_AND_COUNTS = "), heads as (update audit_chain c set position = v.p, "
			+ "head = decode(v.h, 'hex') from unnest(?::uuid[], ?::bigint[], ?::text[]) as v(o, p, h) "
			+ "where c.org_id = v.o), counts as (insert into audit_rollup (org_id, hour, app_name, audience, issued) "
			+ "select * from unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::bigint[]) "
			+ "on conflict (org_id, hour, app_name, audience) do update set issued = audit_rollup.issued + excluded.issued) "
			+ "select 1";

	/**
	 * Orgs whose chain row this replica has seen exist; a row missing after all is made
	 * again.
	 */
	private final Set<UUID> knownChains = ConcurrentHashMap.newKeySet();

	private final AuditConnections connections;

	private final AuditProperties properties;

	private final BlockingQueue<Pending> queue;

	private final DistributionSummary batchSizes;

	private final Counter refused;

	private final Counter splits;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	AuditLedger(AuditConnections connections, AuditProperties properties, MeterRegistry meters) {
		this.connections = connections;
		this.properties = properties;
		this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.batchSizes = DistributionSummary.builder("sigil.audit.batch.size")
			.description("Audit rows committed together")
			.register(meters);
		this.refused = meters.counter("sigil.audit.refused");
		this.splits = meters.counter("sigil.audit.batch.splits");
	}

	/**
	 * Commits the entry and returns once it is durable.
	 * @throws DataAccessResourceFailureException when it could not be committed in time
	 * (the row may still be committed later; the caller must not hand out the token)
	 * @throws AuditRecordRefusedException when the database refused this row
	 */
	public void record(AuditEntry entry) {
		CompletableFuture<Void> committed = enqueue(entry);
		try {
			committed.get(this.properties.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new DataAccessResourceFailureException("The audit entry could not be committed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new DataAccessResourceFailureException("The audit entry was not committed in time");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("Interrupted while committing the audit entry");
		}
	}

	/**
	 * Hands the entry to the writer without waiting: the future completes once the entry
	 * is durable, or fails with the reason it is not
	 * ({@link DataAccessResourceFailureException} when it was not committed within the
	 * commit timeout, {@link AuditRecordRefusedException} when the database refused it).
	 * It completes on the writer's thread: callers move their own work elsewhere.
	 */
	public CompletableFuture<Void> submit(AuditEntry entry) {
		CompletableFuture<Void> committed;
		try {
			committed = enqueue(entry);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		long timeout = this.properties.commitTimeout().toMillis();
		return committed.orTimeout(timeout, TimeUnit.MILLISECONDS).exceptionallyCompose((failure) -> {
			Throwable cause = (failure instanceof java.util.concurrent.CompletionException) ? failure.getCause()
					: failure;
			if (cause instanceof TimeoutException) {
				return CompletableFuture
					.failedFuture(new DataAccessResourceFailureException("The audit entry was not committed in time"));
			}
			return CompletableFuture.failedFuture(cause);
		});
	}

	private CompletableFuture<Void> enqueue(AuditEntry entry) {
		if (!this.running) {
			throw new DataAccessResourceFailureException("The audit ledger is not running");
		}
		Pending pending = new Pending(entry, new CompletableFuture<>());
		if (!this.queue.offer(pending)) {
			throw new TransientDataAccessResourceException("The audit ledger is behind: too many entries waiting");
		}
		return pending.committed();
	}

	private void write() {
		List<Pending> batch = new ArrayList<>(this.properties.maxBatch());
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.properties.maxBatch() - 1);
				commit(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				// The writer must outlive anything one batch throws; its callers were
				// answered in commit().
				logger.error("The audit writer hit an unexpected failure and goes on: {}", ex.getMessage(), ex);
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Commits the batch; completes every entry's future, with success or with its own
	 * failure.
	 */
	private void commit(List<Pending> batch) {
		try {
			insert(batch);
			this.batchSizes.record(batch.size());
			batch.forEach((pending) -> pending.committed().complete(null));
		}
		catch (SQLException ex) {
			if (DatabaseTrouble.isUnavailable(ex)) {
				failAll(batch, ex);
			}
			else if (batch.size() == 1) {
				refuse(batch.get(0), ex);
			}
			else {
				logger.warn("A batch of {} audit entries failed ({}); writing it again in halves", batch.size(),
						ex.getMessage());
				this.splits.increment();
				int half = batch.size() / 2;
				commit(batch.subList(0, half));
				commit(batch.subList(half, batch.size()));
			}
		}
		catch (RuntimeException ex) {
			// Never leave a caller waiting, whatever went wrong.
			failAll(batch, new SQLException(ex.getMessage(), "XX000", ex));
		}
	}

	private void failAll(List<Pending> pending, SQLException ex) {
		logger.error("Could not commit {} audit entries: {}", pending.size(), ex.getMessage());
		DataAccessResourceFailureException failure = new DataAccessResourceFailureException(
				"The audit ledger could not be written", ex);
		pending.forEach((entry) -> entry.committed().completeExceptionally(failure));
	}

	private void refuse(Pending pending, SQLException ex) {
		this.refused.increment();
		logger.error("The database refused the audit entry of jti={} org={}: {}", pending.entry().jti(),
				pending.entry().orgId(), ex.getMessage());
		pending.committed()
			.completeExceptionally(new AuditRecordRefusedException("The database refused the audit entry", ex));
	}

	/**
	 * One transaction of two statements: lock the chain heads of the batch's orgs (in org
	 * order, so that replicas writing at once wait for each other rather than deadlock);
	 * then insert the chained rows, move the heads and add the hourly counts.
	 */
	private void insert(List<Pending> batch) throws SQLException {
		StringBuilder sql = new StringBuilder(INSERT.length() + batch.size() * (ROW.length() + 2) + 600)
			.append("with rows as (")
			.append(INSERT);
		for (int i = 0; i < batch.size(); i++) {
			sql.append((i == 0) ? "" : ", ").append(ROW);
		}
		sql.append(HEADS_AND_COUNTS);
		try (Connection connection = this.connections.get()) {
			try {
				Map<UUID, Head> heads = lockHeads(connection, batch);
				try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
					int index = 1;
					for (Pending pending : batch) {
						AuditEntry entry = pending.entry();
						Head head = heads.get(entry.orgId());
						head.position++;
						head.hash = LedgerChain.hash(head.hash, head.position, entry);
						index = bind(statement, index, entry);
						statement.setLong(index++, head.position);
						statement.setBytes(index++, head.hash);
					}
					index = bindHeads(connection, statement, index, heads);
					bindCounts(connection, statement, index, batch);
					statement.execute();
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				rollback(connection);
				throw (ex instanceof SQLException failure) ? failure : new SQLException(ex.getMessage(), "22000", ex);
			}
		}
	}

	private Map<UUID, Head> lockHeads(Connection connection, List<Pending> batch) throws SQLException {
		Set<UUID> orgs = new TreeSet<>();
		batch.forEach((pending) -> orgs.add(pending.entry().orgId()));
		List<UUID> unknown = orgs.stream().filter((org) -> !this.knownChains.contains(org)).toList();
		if (!unknown.isEmpty()) {
			newChains(connection, unknown);
		}
		Map<UUID, Head> heads = readHeads(connection, orgs);
		if (heads.size() < orgs.size()) {
			// A chain row this replica knew of is gone (a restored database): make it
			// again.
			newChains(connection, orgs.stream().filter((org) -> !heads.containsKey(org)).toList());
			heads.putAll(readHeads(connection, orgs));
		}
		this.knownChains.addAll(orgs);
		return heads;
	}

	private static void newChains(Connection connection, List<UUID> orgs) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(NEW_CHAINS)) {
			statement.setBytes(1, LedgerChain.GENESIS);
			statement.setArray(2, connection.createArrayOf("uuid", orgs.toArray()));
			statement.executeUpdate();
		}
	}

	private static Map<UUID, Head> readHeads(Connection connection, Set<UUID> orgs) throws SQLException {
		Map<UUID, Head> heads = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(LOCK_HEADS)) {
			statement.setArray(1, connection.createArrayOf("uuid", orgs.toArray()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					heads.put(rows.getObject(1, UUID.class), new Head(rows.getLong(2), rows.getBytes(3)));
				}
			}
		}
		return heads;
	}

	private static int bindHeads(Connection connection, PreparedStatement statement, int start, Map<UUID, Head> heads)
			throws SQLException {
		List<UUID> orgs = new ArrayList<>(heads.keySet());
		Long[] positions = new Long[orgs.size()];
		String[] hashes = new String[orgs.size()];
		for (int i = 0; i < orgs.size(); i++) {
			Head head = heads.get(orgs.get(i));
			positions[i] = head.position;
			hashes[i] = LedgerChain.hex(head.hash);
		}
		statement.setArray(start, connection.createArrayOf("uuid", orgs.toArray()));
		statement.setArray(start + 1, connection.createArrayOf("bigint", positions));
		statement.setArray(start + 2, connection.createArrayOf("text", hashes));
		return start + 3;
	}

	/** Binds the batch's additions to the hourly counts per org, app and audience. */
	private static void bindCounts(Connection connection, PreparedStatement statement, int start, List<Pending> batch)
			throws SQLException {
		Map<Hour, Long> counts = new TreeMap<>();
		for (Pending pending : batch) {
			AuditEntry entry = pending.entry();
			counts.merge(new Hour(entry.orgId(), entry.issuedAt().truncatedTo(ChronoUnit.HOURS), entry.appName(),
					entry.audience()), 1L, Long::sum);
		}
		int n = counts.size();
		UUID[] orgs = new UUID[n];
		Timestamp[] hours = new Timestamp[n];
		String[] apps = new String[n];
		String[] audiences = new String[n];
		Long[] issued = new Long[n];
		int i = 0;
		for (Map.Entry<Hour, Long> count : counts.entrySet()) {
			orgs[i] = count.getKey().org();
			hours[i] = Timestamp.from(count.getKey().start());
			apps[i] = count.getKey().app();
			audiences[i] = count.getKey().audience();
			issued[i] = count.getValue();
			i++;
		}
		statement.setArray(start, connection.createArrayOf("uuid", orgs));
		statement.setArray(start + 1, connection.createArrayOf("timestamptz", hours));
		statement.setArray(start + 2, connection.createArrayOf("text", apps));
		statement.setArray(start + 3, connection.createArrayOf("text", audiences));
		statement.setArray(start + 4, connection.createArrayOf("bigint", issued));
	}

	private static int bind(PreparedStatement statement, int start, AuditEntry entry) throws SQLException {
		int index = start;
		statement.setObject(index++, entry.jti());
		statement.setObject(index++, entry.orgId());
		statement.setObject(index++, entry.appId());
		statement.setString(index++, entry.appName());
		statement.setObject(index++, entry.machineId());
		statement.setString(index++, entry.machineName());
		statement.setInt(index++, entry.machineVersion());
		statement.setString(index++, entry.subject());
		statement.setString(index++, entry.audience());
		statement.setString(index++, entry.kid());
		statement.setTimestamp(index++, Timestamp.from(entry.issuedAt()));
		statement.setTimestamp(index++, Timestamp.from(entry.expiresAt()));
		statement.setString(index++, entry.clientAddress());
		statement.setString(index++, entry.claimsJson());
		return index;
	}

	private static void rollback(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			logger.debug("Rollback of a failed audit batch failed too: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.properties.writers(); i++) {
			Thread thread = new Thread(this::write, "sigil-audit-" + i);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(this.properties.commitTimeout().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts before the web server takes requests and stops after it has stopped (a lower
	 * phase starts earlier and stops later), so requests in flight can still commit.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record Pending(AuditEntry entry, CompletableFuture<Void> committed) {
	}

	/** One row of the hourly counts, in the order the rows are locked. */
	private record Hour(UUID org, Instant start, String app, String audience) implements Comparable<Hour> {

		private static final Comparator<Hour> ORDER = Comparator.comparing(Hour::org)
			.thenComparing(Hour::start)
			.thenComparing(Hour::app)
			.thenComparing(Hour::audience);

		@Override
		public int compareTo(Hour other) {
			return ORDER.compare(this, other);
		}

	}

	/** An org's chain head while a batch is written. */
	private static final class Head {

		long position;

		byte[] hash;

		Head(long position, byte[] hash) {
			this.position = position;
			this.hash = hash;
		}

	}

}
