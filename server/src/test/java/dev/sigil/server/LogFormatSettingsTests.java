package dev.sigil.server;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code SIGIL_LOG_FORMAT} turns Spring Boot's structured console logging on before the
 * logging system starts.
 */
class LogFormatSettingsTests {

	@Test
	void postProcessWhenUnsetThenPlainText() {
		assertThat(postProcess(Map.of()).getProperty("logging.structured.format.console")).isNull();
	}

	@Test
	void postProcessWhenJsonThenElasticCommonSchema() {
		assertThat(postProcess(Map.of("SIGIL_LOG_FORMAT", "json")).getProperty("logging.structured.format.console"))
			.isEqualTo("ecs");
	}

	@Test
	void postProcessWhenUnknownFormatThenRefusedNamingTheVariable() {
		assertThatThrownBy(() -> postProcess(Map.of("SIGIL_LOG_FORMAT", "xml"))).rootCause()
			.hasMessage("SIGIL_LOG_FORMAT must be text or json, got 'xml'");
	}

	private static StandardEnvironment postProcess(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		new LogFormatSettings().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
