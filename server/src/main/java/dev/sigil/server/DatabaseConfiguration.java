package dev.sigil.server;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The database settings the whole server shares (see {@link DatabaseSchemaSettings}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

	// Static: a post-processor of other beans is made before them.
	@Bean
	static DatabaseSchemaSettings databaseSchemaSettings(ObjectProvider<DatabaseProperties> database) {
		return new DatabaseSchemaSettings(database);
	}

}
