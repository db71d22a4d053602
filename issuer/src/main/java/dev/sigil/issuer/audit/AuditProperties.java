package dev.sigil.issuer.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the audit ledger is written, {@code sigil.audit.*}.
 *
 * @param maxBatch the most rows committed together
 * @param writers the writer threads, each with a database connection of its own
 * @param queueCapacity the most rows waiting; a token request beyond it is refused with
 * 503
 * @param commitTimeout the longest a token request waits for its row to commit
 * @param retention how long rows are kept; whole daily partitions older than this are
 * dropped ({@code SIGIL_AUDIT_RETENTION})
 * @param archiveDir where a partition is written as JSON Lines (gzip) before it is
 * dropped; none when empty ({@code SIGIL_AUDIT_ARCHIVE_DIR})
 * @param partitionsAhead days after today that always have a partition
 * @param maintenanceInterval how often partitions, retention and checkpoints are seen to
 */
@ConfigurationProperties("sigil.audit")
public record AuditProperties(@DefaultValue("128") int maxBatch, @DefaultValue("1") int writers,
		@DefaultValue("10000") int queueCapacity, @DefaultValue("5s") Duration commitTimeout,
		@DefaultValue("400d") Duration retention, String archiveDir, @DefaultValue("7") int partitionsAhead,
		@DefaultValue("1m") Duration maintenanceInterval) {

	public AuditProperties {
		if (maxBatch < 1 || maxBatch > 1000) {
			throw new IllegalArgumentException("sigil.audit.max-batch must be 1-1000, got " + maxBatch);
		}
		if (writers < 1 || writers > 16) {
			throw new IllegalArgumentException("sigil.audit.writers must be 1-16, got " + writers);
		}
		if (queueCapacity < maxBatch) {
			throw new IllegalArgumentException("sigil.audit.queue-capacity must be at least sigil.audit.max-batch");
		}
		if (commitTimeout.isNegative() || commitTimeout.isZero()) {
			throw new IllegalArgumentException("sigil.audit.commit-timeout must be positive, got " + commitTimeout);
		}
		if (retention.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException(
					"sigil.audit.retention (SIGIL_AUDIT_RETENTION) must be at least 1d, got " + retention);
		}
		if (partitionsAhead < 1 || partitionsAhead > 60) {
			throw new IllegalArgumentException("sigil.audit.partitions-ahead must be 1-60, got " + partitionsAhead);
		}
		if (maintenanceInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException(
					"sigil.audit.maintenance-interval must be at least 1s, got " + maintenanceInterval);
		}
	}

}
