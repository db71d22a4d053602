package dev.sigil.changefeed;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.sigil.db.event.AdminEvent;

/**
 * Hands every admin event, once, to this replica's listeners, so that what the replica
 * holds in memory follows changes made on any replica. It runs on a thread and a database
 * connection of its own: the connection {@code LISTEN}s on the channel every admin event
 * is announced on when its transaction commits, and the log is read as soon as a
 * notification arrives, and at the latest every poll interval in case notifications are
 * lost. The log is read by transaction horizon ({@link EventJournal}), so a late commit
 * is never skipped.
 */
public final class ChangeFeed implements SmartLifecycle {

	static final String CHANNEL = "sigil_changes";

	private static final Logger logger = LoggerFactory.getLogger(ChangeFeed.class);

	private final DataSource connections;

	private final ChangeFeedProperties properties;

	private final List<Consumer<AdminEvent>> listeners = new CopyOnWriteArrayList<>();

	private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();

	private final Counter events;

	private final Counter failures;

	/** Where the next read starts; null until the feed has resynchronised. */
	private EventJournal.Horizon horizon;

	private boolean listenerFailed;

	// Lag is measured on the monotonic clock: tests move the application's Clock by
	// hours.
	private volatile long lastReadNanos;

	private volatile boolean followed;

	private volatile boolean listening;

	private volatile String lastFailure;

	private volatile boolean running;

	private Thread thread;

	private volatile Connection connection;

	/**
	 * @param connections where the feed opens its own connection (not a pool: the feed
	 * holds it)
	 */
	public ChangeFeed(DataSource connections, ChangeFeedProperties properties, MeterRegistry meters) {
		this.connections = connections;
		this.properties = properties;
		this.events = meters.counter("sigil.replication.events");
		this.failures = meters.counter("sigil.replication.failures");
		Gauge.builder("sigil.replication.lag", this, (feed) -> feed.lag().toMillis() / 1000.0)
			.description("Seconds since this replica last read the change feed")
			.baseUnit("seconds")
			.register(meters);
		Gauge.builder("sigil.replication.listening", this, (feed) -> feed.listening ? 1 : 0)
			.description("1 while this replica receives change notifications from PostgreSQL")
			.register(meters);
	}

	/** Calls the listener with each event committed from now on, on the feed's thread. */
	public void subscribe(Consumer<AdminEvent> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Calls the task when the feed starts following (before any event is handed on), so
	 * that state held in full (every org, say) is read at a point from which no change
	 * can be missed.
	 */
	public void onResync(Runnable task) {
		this.resyncs.add(task);
	}

	/** Whether the feed has read the log within the allowed lag. */
	public boolean isFollowing() {
		return this.followed && lag().compareTo(this.properties.maxLag()) <= 0;
	}

	/** Time since the log was last read; unbounded before the first read. */
	public Duration lag() {
		if (!this.followed) {
			return Duration.ofSeconds(Long.MAX_VALUE / 2);
		}
		return Duration.ofNanos(System.nanoTime() - this.lastReadNanos);
	}

	boolean isListening() {
		return this.listening;
	}

	String lastFailure() {
		return this.lastFailure;
	}

	Duration maxLag() {
		return this.properties.maxLag();
	}

	/**
	 * Reads the log once on the given connection and hands on what is new. The first
	 * read, and any read after a listener failed or the database went backwards
	 * (restored, replaced), resynchronises instead: it takes the horizon first and then
	 * lets every resync task reload what it holds in full, so no change before or after
	 * is missed.
	 */
	synchronized void readOnce(Connection on) throws SQLException {
		if (this.horizon == null) {
			EventJournal.Horizon start = EventJournal.now(on);
			this.resyncs.forEach(Runnable::run);
			this.horizon = start;
		}
		else {
			EventJournal.Read read = EventJournal.since(on, this.horizon);
			if (read.horizon().isBefore(this.horizon)) {
				logger.warn("The database's transaction ids went backwards (restored or replaced): resynchronising");
				this.horizon = null;
				readOnce(on);
				return;
			}
			this.listenerFailed = false;
			read.events().forEach((written) -> handOn(written.event()));
			if (this.listenerFailed) {
				this.horizon = null;
				readOnce(on);
				return;
			}
			this.horizon = read.horizon();
		}
		this.lastReadNanos = System.nanoTime();
		this.followed = true;
		this.lastFailure = null;
	}

	private void handOn(AdminEvent event) {
		this.events.increment();
		for (Consumer<AdminEvent> listener : this.listeners) {
			try {
				listener.accept(event);
			}
			catch (RuntimeException ex) {
				// What the listener should have dropped may still be held: reload
				// everything.
				this.listenerFailed = true;
				logger.error("A change listener failed on event {} ({}), resynchronising: {}", event.id(),
						event.action(), ex.getMessage(), ex);
			}
		}
	}

	private void run() {
		int failuresInARow = 0;
		while (this.running) {
			try {
				Connection on = connection();
				readOnce(on);
				failuresInARow = 0;
				awaitNotification(on);
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				failuresInARow++;
				this.failures.increment();
				this.lastFailure = ex.getMessage();
				if (failuresInARow == 1 || failuresInARow % 30 == 0) {
					logger.warn("Cannot read the change feed ({} in a row): {}", failuresInARow, ex.getMessage());
				}
				closeConnection();
				pause(this.properties.pollInterval());
			}
		}
	}

	private Connection connection() throws SQLException {
		if (this.connection == null || this.connection.isClosed()) {
			Connection opened = this.connections.getConnection();
			try (Statement statement = opened.createStatement()) {
				opened.setAutoCommit(true);
				statement.execute("set application_name = 'sigil-changefeed'");
				statement.execute("set statement_timeout = " + this.properties.statementTimeout().toMillis());
				statement.execute("listen " + CHANNEL);
			}
			catch (SQLException ex) {
				opened.close();
				throw ex;
			}
			this.connection = opened;
			this.listening = true;
		}
		return this.connection;
	}

	/** Waits for a notification, or for the poll interval, whichever comes first. */
	private void awaitNotification(Connection on) throws SQLException {
		on.unwrap(PGConnection.class).getNotifications((int) this.properties.pollInterval().toMillis());
	}

	private void closeConnection() {
		this.listening = false;
		Connection closing = this.connection;
		this.connection = null;
		if (closing != null) {
			try {
				closing.close();
			}
			catch (SQLException ex) {
				logger.debug("Closing the change feed connection failed: {}", ex.getMessage());
			}
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.running = true;
		try {
			// The first read happens before the web server opens, so state held in full
			// is loaded by then.
			readOnce(connection());
		}
		catch (SQLException | RuntimeException ex) {
			this.lastFailure = ex.getMessage();
			logger.warn("Cannot read the change feed at start-up, will retry: {}", ex.getMessage());
			closeConnection();
		}
		Thread feed = new Thread(this::run, "sigil-changefeed");
		feed.setDaemon(true);
		feed.start();
		this.thread = feed;
	}

	@Override
	public void stop() {
		this.running = false;
		Thread feed = this.thread;
		this.thread = null;
		if (feed != null) {
			feed.interrupt();
			try {
				feed.join(this.properties.pollInterval().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closeConnection();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts before the web server takes requests, so that caches follow changes from the
	 * first one.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 8192;
	}

}
