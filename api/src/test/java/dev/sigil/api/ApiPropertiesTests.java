package dev.sigil.api;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code SIGIL_API_MAX_BODY_SIZE}, bound from the environment as the server binds it.
 */
class ApiPropertiesTests {

	@Test
	void bindWhenUnsetThenEightKilobytes() {
		assertThat(bind(Map.of()).maxBodyBytes()).isEqualTo(8 * 1024);
	}

	@Test
	void bindWhenVariableSetThenTakesIt() {
		assertThat(bind(Map.of("SIGIL_API_MAX_BODY_SIZE", "16KB")).maxBodyBytes()).isEqualTo(16 * 1024);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "512B", "2MB", "3GB" })
	void bindWhenOutOfRangeThenRefusedNamingTheVariable(String value) {
		assertThatThrownBy(() -> bind(Map.of("SIGIL_API_MAX_BODY_SIZE", value))).rootCause()
			.hasMessageStartingWith("SIGIL_API_MAX_BODY_SIZE must be 1KB to 1MB");
	}

	private static ApiProperties bind(Map<String, Object> environment) {
		SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment);
		return new Binder(ConfigurationPropertySources.from(source)).bindOrCreate("sigil.api", ApiProperties.class);
	}

}
