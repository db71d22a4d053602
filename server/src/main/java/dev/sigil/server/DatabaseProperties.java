package dev.sigil.server;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The database settings the whole server shares, {@code sigil.db.*}; the connection
 * itself is Spring Boot's {@code spring.datasource.*}.
 *
 * @param schema the schema Flyway migrates, Hibernate validates and every connection uses
 * ({@code SIGIL_DB_SCHEMA})
 */
@ConfigurationProperties("sigil.db")
record DatabaseProperties(@DefaultValue("sigil") String schema) {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	DatabaseProperties {
		if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
			throw new IllegalStateException("SIGIL_DB_SCHEMA must be a lower-case SQL identifier (letters, digits, "
					+ "underscores, at most 63), got '"
					+ ((schema != null) ? schema.replaceAll("[^\\x20-\\x7E]", "?") : "") + "'");
		}
	}

}
