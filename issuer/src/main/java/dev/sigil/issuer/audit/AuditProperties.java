package dev.sigil.issuer.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the audit ledger is written, {@code sigil.audit.*}.
 *
 * @param maxBatch the most rows committed together
 * @param writers the writer threads, each with a database connection of its own
 * @param queueCapacity the most rows waiting; a token request beyond it is refused with 503
 * @param commitTimeout the longest a token request waits for its row to commit
 */
@ConfigurationProperties("sigil.audit")
public record AuditProperties(@DefaultValue("128") int maxBatch, @DefaultValue("1") int writers,
		@DefaultValue("10000") int queueCapacity, @DefaultValue("5s") Duration commitTimeout) {

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
	}

}
