package dev.sigil.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * One schema for everything that talks to the database, whatever JDBC URL the operator pastes:
 * {@code SIGIL_DB_SCHEMA} ({@code sigil} by default) is where Flyway migrates, what Hibernate validates,
 * and, as the URL's {@code currentSchema} (added when the URL has none), the search path of every
 * connection: the application's pool, the audit writer's, the change feed's and the owner's. A URL
 * that names another schema is refused at start, naming both.
 */
class DatabaseSchemaSettings implements EnvironmentPostProcessor, Ordered {

	static final String SCHEMA = "sigil.db.schema";

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([^&]*)");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String schema = environment.getProperty(SCHEMA, "sigil");
		if (!IDENTIFIER.matcher(schema).matches()) {
			throw new IllegalStateException("SIGIL_DB_SCHEMA must be a lower-case SQL identifier (letters, digits, "
					+ "underscores, at most 63), got '" + schema.replaceAll("[^\\x20-\\x7E]", "?") + "'");
		}
		Map<String, Object> settings = new LinkedHashMap<>();
		String url = environment.getProperty("spring.datasource.url");
		if (url != null && url.startsWith("jdbc:postgresql:")) {
			Matcher named = CURRENT_SCHEMA.matcher(url);
			if (named.find()) {
				if (!named.group(1).equals(schema)) {
					throw new IllegalStateException("SPRING_DATASOURCE_URL names currentSchema=" + named.group(1)
							+ " but SIGIL_DB_SCHEMA is " + schema + ": remove currentSchema from the URL or make them "
							+ "the same");
				}
			}
			else {
				settings.put("spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
			}
		}
		settings.put("spring.flyway.schemas", schema);
		settings.put("spring.flyway.default-schema", schema);
		settings.put("spring.jpa.properties.hibernate.default_schema", schema);
		environment.getPropertySources().addFirst(new MapPropertySource("sigilDatabaseSchema", settings));
	}

	@Override
	public int getOrder() {
		// After the configuration files and the environment have been read.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
