package dev.sigil.issuer.audit;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;

/**
 * Token ids that name their time: UUID version 7 (RFC 9562), whose first 48 bits are the
 * issue time in milliseconds, the rest random. The ledger is partitioned by issue time
 * and a row's {@code issued_at} is exactly its jti's time, so a lookup by jti reads one
 * partition.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9562#section-5.7">RFC 9562, section
 * 5.7</a>
 */
public final class LedgerIds {

	private static final TimeBasedEpochRandomGenerator GENERATOR = new TimeBasedEpochRandomGenerator(
			new SecureRandom());

	private LedgerIds() {
	}

	/** A new id for a token issued at the millisecond. */
	public static UUID jti(long epochMillis) {
		return GENERATOR.construct(epochMillis);
	}

	/**
	 * The issue time a version 7 id carries, or null for any other id (tokens of earlier
	 * versions).
	 */
	public static Instant timeOf(UUID jti) {
		if (jti.version() != 7) {
			return null;
		}
		return Instant.ofEpochMilli(jti.getMostSignificantBits() >>> 16);
	}

}
