package dev.sigil.adminui.user;

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
 * {@code SIGIL_ADMIN_USERNAME}, bound from the environment as the server binds it.
 */
class BootstrapAdminPropertiesTests {

	@Test
	void bindWhenUnsetThenAdmin() {
		assertThat(bind(Map.of()).adminUsername()).isEqualTo("admin");
	}

	@Test
	void bindWhenVariableSetThenTakesIt() {
		assertThat(bind(Map.of("SIGIL_ADMIN_USERNAME", "root@example.com")).adminUsername())
			.isEqualTo("root@example.com");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ab", "two words", "admin\u2028", "admin/root",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	void bindWhenNotAUserNameThenRefusedNamingTheVariable(String value) {
		assertThatThrownBy(() -> bind(Map.of("SIGIL_ADMIN_USERNAME", value))).rootCause()
			.hasMessageStartingWith("SIGIL_ADMIN_USERNAME must be 3-100 letters")
			.message()
			.doesNotContain("\u2028");
	}

	private static BootstrapAdminProperties bind(Map<String, Object> environment) {
		SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment);
		return new Binder(ConfigurationPropertySources.from(source)).bindOrCreate("sigil",
				BootstrapAdminProperties.class);
	}

}
