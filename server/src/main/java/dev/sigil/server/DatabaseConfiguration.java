package dev.sigil.server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The database settings the whole server shares (see {@link DatabaseSchemaSettings}). */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	// Static: a post-processor of other beans is made before them.
	@Bean
	static DatabaseSchemaSettings databaseSchemaSettings(Environment environment) {
		return new DatabaseSchemaSettings(environment);
	}

}
