package dev.sigil.server;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jpa.autoconfigure.JpaProperties;

/**
 * One schema for everything that talks to the database, whatever JDBC URL the operator
 * pastes: {@code SIGIL_DB_SCHEMA} ({@link DatabaseProperties}) is where Flyway migrates
 * and what Hibernate validates, and, as the URL's {@code currentSchema} (added when the
 * URL has none), the search path of every connection made from the data source settings:
 * the application's pool, the audit writer's, the change feed's and the owner's. A URL
 * that names another schema is refused at start, naming both. Applied to the bound
 * settings rather than to the environment, so that it sees the URL however it was given.
 */
class DatabaseSchemaSettings implements BeanPostProcessor {

	private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([^&]*)");

	/**
	 * Looked up when the first database settings are made, not before: a post-processor
	 * that needed its settings at once would make them before every post-processor
	 * exists.
	 */
	private final ObjectProvider<DatabaseProperties> database;

	DatabaseSchemaSettings(ObjectProvider<DatabaseProperties> database) {
		this.database = database;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSourceProperties properties) {
			String url = properties.getUrl();
			if (url != null && url.startsWith("jdbc:postgresql:")) {
				properties.setUrl(withSchema(url, schema()));
			}
		}
		else if (bean instanceof FlywayProperties flyway) {
			flyway.setSchemas(List.of(schema()));
			flyway.setDefaultSchema(schema());
		}
		else if (bean instanceof JpaProperties jpa) {
			jpa.getProperties().put("hibernate.default_schema", schema());
		}
		return bean;
	}

	private String schema() {
		return this.database.getObject().schema();
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
