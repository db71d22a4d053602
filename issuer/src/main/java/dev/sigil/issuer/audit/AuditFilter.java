package dev.sigil.issuer.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * What to look for in one org's audit ledger; each null field matches everything.
 *
 * @param from issued at or after
 * @param to issued before
 */
public record AuditFilter(UUID jti, String app, String machine, String audience, Instant from, Instant to) {

	public static AuditFilter none() {
		return new AuditFilter(null, null, null, null, null, null);
	}

}
