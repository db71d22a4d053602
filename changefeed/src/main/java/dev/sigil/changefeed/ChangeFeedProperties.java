package dev.sigil.changefeed;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a replica follows changes made on the others, {@code sigil.replication.*}.
 *
 * @param pollInterval how often the event log is read when no notification arrives: the
 * bound on how late a change is seen if PostgreSQL's notifications are lost
 * @param maxLag how long the replica may go without reading the event log before it
 * reports itself not ready (it may be serving state that was revoked meanwhile)
 * @param statementTimeout the longest a read of the event log may take
 */
@ConfigurationProperties("sigil.replication")
public record ChangeFeedProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("3s") Duration maxLag,
		@DefaultValue("2s") Duration statementTimeout) {

	public ChangeFeedProperties {
		positive("poll-interval", pollInterval);
		positive("max-lag", maxLag);
		positive("statement-timeout", statementTimeout);
		if (maxLag.compareTo(pollInterval) <= 0) {
			throw new IllegalArgumentException("sigil.replication.max-lag (" + maxLag
					+ ") must be longer than sigil.replication.poll-interval (" + pollInterval + ")");
		}
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException("sigil.replication." + name + " must be positive, got " + value);
		}
	}

}
