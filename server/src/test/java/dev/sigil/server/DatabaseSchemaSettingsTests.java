package dev.sigil.server;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jpa.autoconfigure.JpaProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code SIGIL_DB_SCHEMA}: one schema for the JDBC URL, Flyway and Hibernate, and a URL
 * that names another is refused.
 */
class DatabaseSchemaSettingsTests {

	@Test
	void postProcessWhenSchemaUnsetThenSigilEverywhere() {
		DatabaseSchemaSettings settings = settings(Map.of());

		assertThat(url(settings, "jdbc:postgresql://db/sigil"))
			.isEqualTo("jdbc:postgresql://db/sigil?currentSchema=sigil");
		FlywayProperties flyway = (FlywayProperties) settings.postProcessAfterInitialization(new FlywayProperties(),
				"flyway");
		assertThat(flyway.getSchemas()).containsExactly("sigil");
		assertThat(flyway.getDefaultSchema()).isEqualTo("sigil");
		JpaProperties jpa = (JpaProperties) settings.postProcessAfterInitialization(new JpaProperties(), "jpa");
		assertThat(jpa.getProperties()).containsEntry("hibernate.default_schema", "sigil");
	}

	@Test
	void postProcessWhenSchemaSetThenTheUrlFlywayAndHibernateUseIt() {
		DatabaseSchemaSettings settings = settings(Map.of("SIGIL_DB_SCHEMA", "identity"));

		assertThat(url(settings, "jdbc:postgresql://db/sigil?sslmode=require"))
			.isEqualTo("jdbc:postgresql://db/sigil?sslmode=require&currentSchema=identity");
		assertThat(url(settings, "jdbc:postgresql://db/sigil?currentSchema=identity"))
			.isEqualTo("jdbc:postgresql://db/sigil?currentSchema=identity");
		FlywayProperties flyway = (FlywayProperties) settings.postProcessAfterInitialization(new FlywayProperties(),
				"flyway");
		assertThat(flyway.getSchemas()).containsExactly("identity");
		JpaProperties jpa = (JpaProperties) settings.postProcessAfterInitialization(new JpaProperties(), "jpa");
		assertThat(jpa.getProperties()).containsEntry("hibernate.default_schema", "identity");
	}

	@Test
	void postProcessWhenUrlNamesAnotherSchemaThenRefusedNamingBoth() {
		DatabaseSchemaSettings settings = settings(Map.of());

		assertThatThrownBy(() -> url(settings, "jdbc:postgresql://db/sigil?currentSchema=public"))
			.hasMessageStartingWith("SPRING_DATASOURCE_URL names currentSchema=public but SIGIL_DB_SCHEMA is sigil");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Sigil", "1sigil", "sigil;drop", "sigil-db", "" })
	void bindWhenNotALowerCaseIdentifierThenRefusedNamingTheVariable(String schema) {
		assertThatThrownBy(() -> properties(Map.of("SIGIL_DB_SCHEMA", schema))).rootCause()
			.hasMessageStartingWith("SIGIL_DB_SCHEMA must be a lower-case SQL identifier");
	}

	private static String url(DatabaseSchemaSettings settings, String url) {
		DataSourceProperties properties = new DataSourceProperties();
		properties.setUrl(url);
		settings.postProcessAfterInitialization(properties, "dataSourceProperties");
		return properties.getUrl();
	}

	private static DatabaseSchemaSettings settings(Map<String, Object> environment) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("databaseProperties", properties(environment));
		return new DatabaseSchemaSettings(beans.getBeanProvider(DatabaseProperties.class));
	}

	private static DatabaseProperties properties(Map<String, Object> environment) {
		SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment);
		return new Binder(ConfigurationPropertySources.from(source)).bindOrCreate("sigil.db", DatabaseProperties.class);
	}

}
