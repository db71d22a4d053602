package dev.sigil.issuer.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Repository;

/**
 * Writes the audit ledger by group commit: concurrent requests hand their entries to a writer, which
 * inserts whatever is waiting in one statement and one transaction; each caller returns only once
 * the transaction holding its own row has committed.
 */
@Repository
public class AuditLedger implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(AuditLedger.class);

	private static final String INSERT = "insert into issued_token (jti, org_id, app_id, app_name, machine_id, "
			+ "machine_name, machine_version, subject, audience, kid, issued_at, expires_at, client_address, claims) "
			+ "values ";

	private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";

	private final DataSource dataSource;

	private final BlockingQueue<Pending> queue;

	private final int maxBatch;

	private final int writers;

	private final Duration commitTimeout;

	private final DistributionSummary batchSizes;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	public AuditLedger(DataSource dataSource, MeterRegistry meters,
			@Value("${sigil.audit.max-batch:128}") int maxBatch, @Value("${sigil.audit.writers:1}") int writers,
			@Value("${sigil.audit.queue-capacity:10000}") int queueCapacity,
			@Value("${sigil.audit.commit-timeout:5s}") Duration commitTimeout) {
		this.dataSource = dataSource;
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.maxBatch = maxBatch;
		this.writers = writers;
		this.commitTimeout = commitTimeout;
		this.batchSizes = DistributionSummary.builder("sigil.audit.batch.size")
			.description("Audit rows committed together")
			.register(meters);
	}

	/**
	 * Commits the entry and returns once it is durable.
	 * @throws DataAccessResourceFailureException when it could not be committed in time (the row may
	 * still be committed later; the caller must not hand out the token)
	 */
	public void record(AuditEntry entry) {
		if (!this.running) {
			throw new DataAccessResourceFailureException("The audit ledger is not running");
		}
		Pending pending = new Pending(entry, new CompletableFuture<>());
		if (!this.queue.offer(pending)) {
			throw new TransientDataAccessResourceException("The audit ledger is behind: too many entries waiting");
		}
		try {
			pending.committed().get(this.commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
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

	private void write() {
		List<Pending> batch = new ArrayList<>(this.maxBatch);
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.maxBatch - 1);
				insert(batch);
				this.batchSizes.record(batch.size());
				batch.forEach((pending) -> pending.committed().complete(null));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (SQLException | RuntimeException ex) {
				logger.error("Could not commit {} audit entries: {}", batch.size(), ex.getMessage());
				batch.forEach((pending) -> pending.committed().completeExceptionally(ex));
			}
			finally {
				batch.clear();
			}
		}
	}

	private void insert(List<Pending> batch) throws SQLException {
		StringBuilder sql = new StringBuilder(INSERT.length() + batch.size() * (ROW.length() + 2)).append(INSERT);
		for (int i = 0; i < batch.size(); i++) {
			sql.append((i == 0) ? "" : ", ").append(ROW);
		}
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
				int index = 1;
				for (Pending pending : batch) {
					AuditEntry entry = pending.entry();
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
				}
				statement.executeUpdate();
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.writers; i++) {
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
				thread.join(this.commitTimeout.toMillis());
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
	 * Starts before the web server takes requests and stops after it has stopped (a lower phase
	 * starts earlier and stops later), so requests in flight can still commit.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record Pending(AuditEntry entry, CompletableFuture<Void> committed) {
	}

}
