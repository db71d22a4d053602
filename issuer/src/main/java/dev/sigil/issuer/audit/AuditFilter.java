package dev.sigil.issuer.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * What to look for in one org's audit ledger; each null field matches everything.
 *
 * @param from issued at or after
 * @param to issued before
 * @param audiencePrefix whether {@code audience} is a prefix (the admin UI's search)
 * rather than the whole value (the API's)
 */
public record AuditFilter(UUID jti, String app, String machine, String audience, Instant from, Instant to,
		boolean audiencePrefix) {

	/** A filter on whole values. */
	public AuditFilter(UUID jti, String app, String machine, String audience, Instant from, Instant to) {
		this(jti, app, machine, audience, from, to, false);
	}

	public static AuditFilter none() {
		return new AuditFilter(null, null, null, null, null, null, false);
	}

}
