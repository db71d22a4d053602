package dev.sigil.issuer.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * The audit ledger's own ceiling: rows committed per second through the server's
 * group-commit writer ({@link AuditLedger}, its own connection, the server's batch
 * settings), with as many callers waiting as the token path would have and no signing or
 * HTTP in front. It writes into the {@code issued_token} table of the database it is
 * given, which must be migrated. Lives in the ledger's package because the writer is not
 * public API.
 *
 * <pre>java -cp ... dev.sigil.issuer.audit.AuditWriterBenchmark jdbcUrl user [seconds] [callers]</pre>
 *
 * Prints {@code LEDGER rows/s p50-ms p99-ms mean-batch}.
 */
public final class AuditWriterBenchmark {

	private AuditWriterBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String user = args[1];
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 15;
		int callers = (args.length > 3) ? Integer.parseInt(args[3]) : 64;
		DataSourceProperties dataSource = new DataSourceProperties();
		dataSource.setUrl(url);
		dataSource.setUsername(user);
		dataSource.setPassword("");
		AuditProperties properties = new AuditProperties(128, 1, 10_000, Duration.ofSeconds(5), Duration.ofDays(400),
				null, 7, Duration.ofMinutes(1));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		AuditConnections connections = new AuditConnections(dataSource, properties, meters);
		AuditLedger ledger = new AuditLedger(connections, properties, meters);
		ledger.start();
		try {
			run(ledger, callers, 3);
			long[] latencies = run(ledger, callers, seconds);
			DistributionSummary batches = meters.get("sigil.audit.batch.size").summary();
			System.out.printf(Locale.ROOT, "LEDGER %.0f %.2f %.2f %.1f%n", latencies.length / (double) seconds,
					percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6, batches.mean());
		}
		finally {
			ledger.stop();
			connections.destroy();
		}
	}

	/** Commit latencies in nanoseconds of every row committed in the time. */
	private static long[] run(AuditLedger ledger, int callers, int seconds) throws InterruptedException {
		AtomicBoolean running = new AtomicBoolean(true);
		List<long[]> perCaller = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		UUID org = UUID.randomUUID();
		UUID app = UUID.randomUUID();
		for (int i = 0; i < callers; i++) {
			long[] mine = new long[2_000_000 / callers];
			perCaller.add(mine);
			UUID machine = UUID.randomUUID();
			String name = "m-" + i;
			Thread thread = new Thread(() -> {
				int n = 0;
				while (running.get() && n < mine.length - 1) {
					Instant now = Instant.now();
					UUID jti = UUID.randomUUID();
					long start = System.nanoTime();
					ledger.record(new AuditEntry(jti, org, app, "web", machine, name, 1, "bench:web:" + name,
							"sts.amazonaws.com", "bench-kid", now, now.plusSeconds(600), "10.0.0.1", "{\"jti\":\"" + jti
									+ "\",\"sub\":\"bench:web:" + name + "\",\"aud\":\"sts.amazonaws.com\"}"));
					mine[n++] = System.nanoTime() - start;
				}
				mine[mine.length - 1] = n;
			});
			thread.start();
			threads.add(thread);
		}
		Thread.sleep(seconds * 1000L);
		running.set(false);
		for (Thread thread : threads) {
			thread.join();
		}
		int total = 0;
		for (long[] mine : perCaller) {
			total += (int) mine[mine.length - 1];
		}
		long[] all = new long[total];
		int at = 0;
		for (long[] mine : perCaller) {
			int n = (int) mine[mine.length - 1];
			System.arraycopy(mine, 0, all, at, n);
			at += n;
		}
		Arrays.sort(all);
		return all;
	}

	private static long percentile(long[] sorted, double p) {
		return (sorted.length == 0) ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
	}

}
