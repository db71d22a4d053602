package dev.sigil.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.Environment;

/**
 * One schema for everything that talks to the database, whatever JDBC URL the operator
 * pastes: {@code SIGIL_DB_SCHEMA} ({@code sigil} by default) is where Flyway migrates and
 * what Hibernate validates (see {@code application.yml}), and, as the URL's
 * {@code currentSchema} (added when the URL has none), the search path of every
 * connection made from the data source settings: the application's pool, the audit
 * writer's, the change feed's and the owner's. A URL that names another schema is refused
 * at start, naming both. Applied to the bound settings rather than to the environment, so
 * that it sees the URL however it was given.
 */
class DatabaseSchemaSettings implements BeanPostProcessor {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([^&]*)");

	private final Environment environment;

	DatabaseSchemaSettings(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSourceProperties properties) {
			String schema = schema(this.environment);
			String url = properties.getUrl();
			if (url != null && url.startsWith("jdbc:postgresql:")) {
				properties.setUrl(withSchema(url, schema));
			}
		}
		return bean;
	}

	static String schema(Environment environment) {
		String schema = environment.getProperty("sigil.db.schema", "sigil");
		if (!IDENTIFIER.matcher(schema).matches()) {
			throw new IllegalStateException("SIGIL_DB_SCHEMA must be a lower-case SQL identifier (letters, digits, "
					+ "underscores, at most 63), got '" + schema.replaceAll("[^\\x20-\\x7E]", "?") + "'");
		}
		return schema;
	}

	static String withSchema(String url, String schema) {
		Matcher named = CURRENT_SCHEMA.matcher(url);
		if (named.find()) {
			if (!named.group(1).equals(schema)) {
				throw new IllegalStateException(
						"SPRING_DATASOURCE_URL names currentSchema=" + named.group(1) + " but SIGIL_DB_SCHEMA is "
								+ schema + ": remove currentSchema from the URL or make them the " + "same");
			}
			return url;
		}
		return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

}
