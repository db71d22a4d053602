package dev.sigil.api.management;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.sigil.issuer.error.SigilException;

/**
 * The rules the management API's query parameters share: blank is absent, times are
 * ISO-8601 instants.
 */
final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * The instant, the fallback when the parameter is absent, or a refusal naming the
	 * parameter.
	 */
	static Instant instant(String name, String value, Instant otherwise) {
		if (value == null || value.isBlank()) {
			return otherwise;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw SigilException.invalid(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
		}
	}

	static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
