package dev.sigil.issuer.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.sigil.db.event.AdminEvents;

/**
 * The ledger's upkeep, by one replica at a time (a PostgreSQL advisory lock of its own):
 * daily partitions made {@code sigil.audit.partitions-ahead} days ahead, partitions past
 * {@code sigil.audit.retention} archived (when {@code sigil.audit.archive-dir} is set)
 * and dropped whole, each drop an admin event, and each grown chain's head signed as a
 * checkpoint. Runs once before the server takes requests, then every
 * {@code sigil.audit.maintenance-interval}.
 */
@Component
public class AuditMaintenance implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(AuditMaintenance.class);

	// The two-key advisory lock form, in the key maintenance's lock space with a key of
	// its own.
	private static final int LOCK_CLASS = 0x5369_6731;

	private static final int LOCK_KEY = 2;

	private final LedgerOwner owner;

	private final LedgerCheckpoints checkpoints;

	private final AdminEvents events;

	private final AuditProperties properties;

	private final Clock clock;

	private final AtomicLong daysAhead = new AtomicLong();

	private ScheduledExecutorService scheduler;

	AuditMaintenance(LedgerOwner owner, LedgerCheckpoints checkpoints, AdminEvents events, AuditProperties properties,
			Clock clock, MeterRegistry meters) {
		this.owner = owner;
		this.checkpoints = checkpoints;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		Gauge.builder("sigil.audit.partitions.ahead", this.daysAhead, AtomicLong::get)
			.description("Days after today that have a ledger partition")
			.register(meters);
	}

	/**
	 * Days after today that have a partition, as of the last run (on any replica: read
	 * from the database).
	 */
	long daysAhead() {
		return this.daysAhead.get();
	}

	/** One run; returns false when another replica holds the lock. */
	public boolean runOnce() {
		try (Connection connection = this.owner.connect()) {
			if (!lock(connection, "select pg_try_advisory_lock(?, ?)")) {
				LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
				this.daysAhead
					.set(LedgerPartitions.days(connection).stream().filter((day) -> day.isAfter(today)).count());
				return false;
			}
			try {
				Instant now = this.clock.instant();
				LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
				List<LocalDate> made = LedgerPartitions.ensure(connection, today,
						today.plusDays(this.properties.partitionsAhead()));
				if (!made.isEmpty()) {
					logger.info("Made audit ledger partitions for {}", made);
				}
				retire(connection, now);
				List<LocalDate> days = LedgerPartitions.days(connection);
				this.daysAhead.set(days.stream().filter((day) -> day.isAfter(today)).count());
			}
			finally {
				lock(connection, "select pg_advisory_unlock(?, ?)");
			}
		}
		catch (SQLException | IOException ex) {
			logger.error("Audit ledger maintenance failed: {}", ex.getMessage());
			return true;
		}
		try {
			this.checkpoints.make();
		}
		catch (RuntimeException ex) {
			logger.error("Could not sign audit checkpoints: {}", ex.getMessage());
		}
		return true;
	}

	/**
	 * Drops every partition whose whole day is older than the retention, archiving it
	 * first if asked.
	 */
	private void retire(Connection connection, Instant now) throws SQLException, IOException {
		Instant cutoff = now.minus(this.properties.retention());
		for (LocalDate day : LedgerPartitions.days(connection)) {
			if (day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
				break;
			}
			long rows = LedgerPartitions.rows(connection, day);
			String archived = "";
			if (this.properties.archiveDir() != null && !this.properties.archiveDir().isBlank()) {
				Path file = LedgerPartitions.archive(connection, day, Path.of(this.properties.archiveDir()));
				archived = ", archived to " + file.getFileName();
			}
			LedgerPartitions.drop(connection, day);
			this.events.record("maintenance", "audit.partition.dropped", null, LedgerPartitions.name(day),
					rows + " rows of " + day + ", past the retention of " + this.properties.retention().toDays()
							+ " days" + archived);
		}
	}

	private static boolean lock(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, LOCK_CLASS);
			statement.setInt(2, LOCK_KEY);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	@Override
	public void start() {
		runOnce();
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sigil-audit-maintenance");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.maintenanceInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				runOnce();
			}
			catch (RuntimeException ex) {
				logger.error("Audit ledger maintenance failed: {}", ex.getMessage());
			}
		}, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * Before the ledger writer, so that today's partition exists when the first token is
	 * issued.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 8192;
	}

}
