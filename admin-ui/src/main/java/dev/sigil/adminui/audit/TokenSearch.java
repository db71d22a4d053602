package dev.sigil.adminui.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.web.util.UriComponentsBuilder;

import dev.sigil.issuer.audit.AuditFilter;
import dev.sigil.issuer.error.SigilException;

/**
 * The tokens page's search form as the browser sends it: every field optional, times as
 * the browser's {@code datetime-local} in UTC or as ISO-8601 instants.
 */
public record TokenSearch(String jti, String org, String app, String machine, String aud, String from, String to) {

	AuditFilter filter() {
		// The audience field matches the start of a token's audience, as the page says.
		return new AuditFilter(jtiValue(), blank(this.app), blank(this.machine), blank(this.aud),
				time("from", this.from), time("to", this.to), true);
	}

	/** The query string of this search, for paging and export links. */
	String query(String cursor) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("jti", this.jti);
		fields.put("org", this.org);
		fields.put("app", this.app);
		fields.put("machine", this.machine);
		fields.put("aud", this.aud);
		fields.put("from", this.from);
		fields.put("to", this.to);
		fields.put("cursor", cursor);
		UriComponentsBuilder builder = UriComponentsBuilder.newInstance();
		fields.forEach((name, value) -> {
			if (value != null && !value.isBlank()) {
				builder.queryParam(name, value);
			}
		});
		return builder.build().encode().toUriString();
	}

	private UUID jtiValue() {
		String value = blank(this.jti);
		if (value == null) {
			return null;
		}
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw SigilException.invalid("A jti is a UUID such as 1fc7314d-f96c-423d-9d69-3dd1955b09d6");
		}
	}

	private static Instant time(String name, String value) {
		String text = blank(value);
		if (text == null) {
			return null;
		}
		try {
			return text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw SigilException.invalid(name + " must be a time such as 2026-01-31T12:00 (UTC)");
		}
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
