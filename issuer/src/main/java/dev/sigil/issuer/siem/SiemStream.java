package dev.sigil.issuer.siem;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams the audit ledger and the admin events to the operator's SIEM, at least once and
 * in commit order: one replica at a time (an advisory lock) reads what committed after
 * its cursor, posts it as one batch (JSON Lines or Splunk HEC, signed with an HMAC
 * header), and moves the cursor, in the database, only once the receiver answered 2xx. A
 * receiver that fails or is slow gets the same batch again after a backoff; a restart
 * resends at most the batch that was not acknowledged. Receivers deduplicate by
 * {@code id} (the token's {@code jti}, or {@code event-<n>}).
 * <p>
 * Commit order: rows are read only below the oldest transaction still running
 * ({@code pg_snapshot_xmin}), ordered by the transaction that wrote them, so a row whose
 * transaction commits late is never passed over.
 */
@Component
@EnableConfigurationProperties(SiemProperties.class)
public class SiemStream implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SiemStream.class);

	private static final String STREAM = "siem";

	private static final int LOCK_CLASS = 0x5369_6731;

	private static final int LOCK_KEY = 3;

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private static final String ROWS = """
			select txid, id, jti, org_id, app_id, app_name, machine_id, machine_name, machine_version, subject, audience,
			       kid, issued_at, expires_at, client_address, claims::text as claims, chain_position, chain_hash
			from issued_token where (txid, id) > (?, ?) and txid < ? order by txid, id limit ?""";

	private static final String EVENTS = """
			select xid::text::bigint as xid, id, occurred_at, actor, action, org_id, subject, detail from admin_event
			where (xid, id) > (?::text::xid8, ?) and xid < ?::text::xid8 order by xid, id limit ?""";

	private final DataSource dataSource;

	private final SiemProperties properties;

	/** {@code SIGIL_SIEM_HMAC_KEY}, or null: no signature header. */
	private final String hmacKey;

	/** {@code SIGIL_SIEM_TOKEN}, or null: no Authorization header. */
	private final String token;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http;

	private final Counter sentRows;

	private final Counter failures;

	private final AtomicLong lagMillis = new AtomicLong();

	private final AtomicReference<String> lastError = new AtomicReference<>();

	private volatile boolean running;

	private Thread thread;

	SiemStream(DataSource dataSource, SiemProperties properties, Environment environment, Clock clock,
			MeterRegistry meters) {
		this.dataSource = dataSource;
		this.properties = properties;
		// Secrets: read from the environment here, their one reader, and never held in
		// SiemProperties, whose toString() would print them.
		this.hmacKey = secret(environment, "sigil.siem.hmac-key");
		this.token = secret(environment, "sigil.siem.token");
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.sentRows = meters.counter("sigil.siem.sent");
		this.failures = meters.counter("sigil.siem.failures");
		Gauge.builder("sigil.siem.lag", this.lagMillis, (lag) -> lag.get() / 1000.0)
			.description("Seconds the oldest ledger row or admin event not yet taken by the SIEM has waited")
			.baseUnit("seconds")
			.register(meters);
	}

	/**
	 * How long the oldest undelivered record has waited, and the last failure, for
	 * readiness details.
	 */
	public Map<String, Object> state() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("enabled", this.properties.enabled());
		state.put("lagSeconds", this.lagMillis.get() / 1000.0);
		if (this.lastError.get() != null) {
			state.put("lastError", this.lastError.get());
		}
		return state;
	}

	private void run() {
		long backoff = 0;
		while (this.running) {
			try (Connection lock = this.dataSource.getConnection()) {
				lock.setAutoCommit(true);
				if (!advisory(lock, "select pg_try_advisory_lock(?, ?)")) {
					pause(5000);
					continue;
				}
				try {
					while (this.running) {
						int sent = sendOne();
						backoff = 0;
						this.lastError.set(null);
						if (sent < this.properties.batchSize()) {
							pause(this.properties.interval().toMillis());
						}
					}
				}
				finally {
					advisory(lock, "select pg_advisory_unlock(?, ?)");
				}
			}
			catch (Exception ex) {
				this.failures.increment();
				this.lastError.set(ex.getMessage());
				backoff = Math.min(Math.max(1000, backoff * 2), this.properties.maxBackoff().toMillis());
				logger.warn("The SIEM stream could not deliver a batch ({}); trying again in {} ms", ex.getMessage(),
						backoff);
				pause(backoff);
			}
		}
	}

	/**
	 * Reads one batch after the cursor, posts it, and moves the cursor; returns the
	 * records sent.
	 */
	int sendOne() throws Exception {
		Batch batch;
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			Cursor cursor = cursor(connection);
			long horizon = horizon(connection);
			batch = read(connection, cursor, horizon);
		}
		if (batch.records().isEmpty()) {
			this.lagMillis.set(0);
			return 0;
		}
		this.lagMillis.set(Math.max(0, this.clock.millis() - batch.oldest().toEpochMilli()));
		post(batch);
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			try (PreparedStatement statement = connection.prepareStatement("""
					update siem_cursor set ledger_txid = ?, ledger_id = ?, event_xid = ?, event_id = ?, updated_at = ?
					where stream = ?""")) {
				statement.setLong(1, batch.next().ledgerTxid());
				statement.setLong(2, batch.next().ledgerId());
				statement.setLong(3, batch.next().eventXid());
				statement.setLong(4, batch.next().eventId());
				statement.setTimestamp(5, Timestamp.from(this.clock.instant()));
				statement.setString(6, STREAM);
				statement.executeUpdate();
			}
		}
		this.sentRows.increment(batch.records().size());
		return batch.records().size();
	}

	private void post(Batch batch) throws Exception {
		StringBuilder body = new StringBuilder();
		for (Map<String, Object> record : batch.records()) {
			Object shaped = record;
			if (this.properties.format().equals("splunk-hec")) {
				Map<String, Object> event = new LinkedHashMap<>();
				event.put("time", ((Instant) record.remove("_time")).toEpochMilli() / 1000.0);
				event.put("source", "sigil");
				event.put("sourcetype", "sigil:" + record.get("type"));
				event.put("event", record);
				shaped = event;
			}
			else {
				record.remove("_time");
			}
			body.append(this.json.writeValueAsString(shaped)).append('\n');
		}
		byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
		HttpRequest.Builder request = HttpRequest.newBuilder(this.properties.url())
			.timeout(this.properties.timeout())
			.header("Content-Type",
					this.properties.format().equals("splunk-hec") ? "application/json" : "application/x-ndjson")
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
		if (this.hmacKey != null) {
			request.header("X-Sigil-Signature", "sha256=" + hmac(bytes));
		}
		if (this.properties.format().equals("splunk-hec") && this.token != null) {
			request.header("Authorization", "Splunk " + this.token);
		}
		HttpResponse<Void> answer = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding());
		if (answer.statusCode() / 100 != 2) {
			throw new IllegalStateException("the receiver answered HTTP " + answer.statusCode());
		}
	}

	private String hmac(byte[] body) throws NoSuchAlgorithmException, InvalidKeyException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(this.hmacKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body));
	}

	private static String secret(Environment environment, String name) {
		String value = environment.getProperty(name);
		return (value == null || value.isEmpty()) ? null : value;
	}

	private Batch read(Connection connection, Cursor cursor, long horizon) throws SQLException {
		List<Map<String, Object>> records = new ArrayList<>();
		long ledgerTxid = cursor.ledgerTxid();
		long ledgerId = cursor.ledgerId();
		long eventXid = cursor.eventXid();
		long eventId = cursor.eventId();
		Instant oldest = null;
		try (PreparedStatement statement = connection.prepareStatement(ROWS)) {
			statement.setLong(1, cursor.ledgerTxid());
			statement.setLong(2, cursor.ledgerId());
			statement.setLong(3, horizon);
			statement.setInt(4, this.properties.batchSize());
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					ledgerTxid = rs.getLong("txid");
					ledgerId = rs.getLong("id");
					Instant issuedAt = rs.getTimestamp("issued_at").toInstant();
					oldest = (oldest == null || issuedAt.isBefore(oldest)) ? issuedAt : oldest;
					Map<String, Object> record = new LinkedHashMap<>();
					record.put("type", "token");
					record.put("id", rs.getObject("jti", UUID.class).toString());
					record.put("org_id", rs.getObject("org_id", UUID.class).toString());
					record.put("app_id", rs.getObject("app_id", UUID.class).toString());
					record.put("app", rs.getString("app_name"));
					record.put("machine_id", rs.getObject("machine_id", UUID.class).toString());
					record.put("machine", rs.getString("machine_name"));
					record.put("machine_version", rs.getInt("machine_version"));
					record.put("sub", rs.getString("subject"));
					record.put("aud", rs.getString("audience"));
					record.put("kid", rs.getString("kid"));
					record.put("issued_at", issuedAt.toString());
					record.put("expires_at", rs.getTimestamp("expires_at").toInstant().toString());
					record.put("client_address", rs.getString("client_address"));
					record.put("claims", this.json.readValue(rs.getString("claims"), OBJECT));
					long position = rs.getLong("chain_position");
					record.put("chain_position", rs.wasNull() ? null : position);
					byte[] hash = rs.getBytes("chain_hash");
					record.put("chain_hash", (hash != null) ? HexFormat.of().formatHex(hash) : null);
					record.put("_time", issuedAt);
					records.add(record);
				}
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(EVENTS)) {
			statement.setString(1, Long.toString(cursor.eventXid()));
			statement.setLong(2, cursor.eventId());
			statement.setString(3, Long.toString(horizon));
			statement.setInt(4, this.properties.batchSize());
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					eventXid = rs.getLong("xid");
					eventId = rs.getLong("id");
					Instant at = rs.getTimestamp("occurred_at").toInstant();
					oldest = (oldest == null || at.isBefore(oldest)) ? at : oldest;
					Map<String, Object> record = new LinkedHashMap<>();
					record.put("type", "admin_event");
					record.put("id", "event-" + eventId);
					record.put("occurred_at", at.toString());
					record.put("actor", rs.getString("actor"));
					record.put("action", rs.getString("action"));
					UUID org = rs.getObject("org_id", UUID.class);
					record.put("org_id", (org != null) ? org.toString() : null);
					record.put("subject", rs.getString("subject"));
					record.put("detail", rs.getString("detail"));
					record.put("_time", at);
					records.add(record);
				}
			}
		}
		return new Batch(records, new Cursor(ledgerTxid, ledgerId, eventXid, eventId), oldest);
	}

	private Cursor cursor(Connection connection) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement("""
				insert into siem_cursor (stream, ledger_txid, ledger_id, event_xid, event_id, updated_at)
				values (?, 0, 0, 0, 0, ?) on conflict (stream) do nothing""")) {
			insert.setString(1, STREAM);
			insert.setTimestamp(2, Timestamp.from(this.clock.instant()));
			insert.executeUpdate();
		}
		try (PreparedStatement statement = connection
			.prepareStatement("select ledger_txid, ledger_id, event_xid, event_id from siem_cursor where stream = ?")) {
			statement.setString(1, STREAM);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return new Cursor(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
			}
		}
	}

	/**
	 * The oldest transaction still running: everything written below it has committed or
	 * never will.
	 */
	private static long horizon(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
				ResultSet rs = statement.executeQuery()) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static boolean advisory(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, LOCK_CLASS);
			statement.setInt(2, LOCK_KEY);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	private void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.running = true;
		this.thread = new Thread(this::run, "sigil-siem");
		this.thread.setDaemon(true);
		this.thread.start();
		logger.info("Streaming the audit ledger and admin events to {} as {}", this.properties.url().getHost(),
				this.properties.format());
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(Duration.ofSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Cursor(long ledgerTxid, long ledgerId, long eventXid, long eventId) {
	}

	private record Batch(List<Map<String, Object>> records, Cursor next, Instant oldest) {
	}

}
