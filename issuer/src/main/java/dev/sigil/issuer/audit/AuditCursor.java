package dev.sigil.issuer.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import dev.sigil.issuer.error.SigilException;

/**
 * A position in the ledger's newest-first order: the last row of a page, by issue time
 * and row id. Opaque to callers.
 */
public record AuditCursor(Instant issuedAt, long id) {

	public String encode() {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.issuedAt);
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((micros + "." + this.id).getBytes(StandardCharsets.US_ASCII));
	}

	/** Reads a cursor a previous page handed out; anything else is a 400. */
	public static AuditCursor decode(String value) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
			int dot = text.indexOf('.');
			long micros = Long.parseLong(text.substring(0, dot));
			long id = Long.parseLong(text.substring(dot + 1));
			return new AuditCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
		}
		catch (RuntimeException ex) {
			throw SigilException.invalid("cursor is not one this API handed out");
		}
	}

}
