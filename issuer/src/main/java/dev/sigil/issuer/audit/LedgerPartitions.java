package dev.sigil.issuer.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's daily partitions ({@code issued_token_YYYYMMDD}, one UTC day each):
 * created ahead of need, and dropped whole once the day is past the retention period,
 * never row by row. A partition can first be written to a JSON Lines file (gzip) in the
 * archive directory; it is dropped only once that file is complete on disk.
 */
final class LedgerPartitions {

	private static final Logger logger = LoggerFactory.getLogger(LedgerPartitions.class);

	private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

	private static final String PREFIX = "issued_token_";

	private LedgerPartitions() {
	}

	/** The days that have a partition, oldest first. */
	static List<LocalDate> days(Connection connection) throws SQLException {
		List<LocalDate> days = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
				where i.inhparent = 'issued_token'::regclass order by c.relname""");
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				String name = rows.getString(1);
				if (name.startsWith(PREFIX) && name.length() == PREFIX.length() + 8) {
					days.add(LocalDate.parse(name.substring(PREFIX.length()), DAY));
				}
			}
		}
		return days;
	}

	static String name(LocalDate day) {
		return PREFIX + DAY.format(day);
	}

	/**
	 * Makes the partitions of the days from {@code first} to {@code last} that do not
	 * exist; returns them.
	 */
	static List<LocalDate> ensure(Connection connection, LocalDate first, LocalDate last) throws SQLException {
		List<LocalDate> existing = days(connection);
		List<LocalDate> made = new ArrayList<>();
		for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
			if (existing.contains(day)) {
				continue;
			}
			try (Statement statement = connection.createStatement()) {
				// The name and bounds come from a LocalDate, never from input.
				statement.execute("create table if not exists " + name(day)
						+ " partition of issued_token for values from ('" + day.atStartOfDay(ZoneOffset.UTC)
						+ "') to ('" + day.plusDays(1).atStartOfDay(ZoneOffset.UTC) + "')");
			}
			made.add(day);
		}
		return made;
	}

	/** Rows in a day's partition. */
	static long rows(Connection connection, LocalDate day) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from " + name(day))) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/**
	 * Writes the day's rows, one JSON object per line (COPY's CSV form with a quote and a
	 * delimiter that JSON never holds raw, so each line is the JSON as PostgreSQL wrote
	 * it, unescaped), to {@code issued_token_YYYYMMDD.jsonl.gz} in the directory: first
	 * to a temporary file, synced, then renamed, so that the file either is whole or does
	 * not exist. Returns the file.
	 */
	static Path archive(Connection connection, LocalDate day, Path directory) throws SQLException, IOException {
		Files.createDirectories(directory);
		Path target = directory.resolve(name(day) + ".jsonl.gz");
		Path partial = directory.resolve(name(day) + ".jsonl.gz.partial");
		try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
				GZIPOutputStream gzip = new GZIPOutputStream(file, 64 * 1024)) {
			connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyOut("copy (select row_to_json(t) from (select id, jti, org_id, app_id, app_name, machine_id, "
						+ "machine_name, machine_version, subject, audience, kid, issued_at, expires_at, client_address, "
						+ "claims, chain_position, encode(chain_hash, 'hex') as chain_hash from " + name(day)
						+ " order by issued_at, id) t) to stdout with (format csv, quote e'\\x01', delimiter e'\\x02')",
						gzip);
		}
		try (var channel = java.nio.channels.FileChannel.open(partial, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
		Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		return target;
	}

	static void drop(Connection connection, LocalDate day) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("drop table " + name(day));
		}
		logger.info("Dropped the audit ledger partition of {}", day);
	}

}
