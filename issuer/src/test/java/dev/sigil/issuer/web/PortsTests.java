package dev.sigil.issuer.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code SIGIL_PUBLIC_PORT} and {@code SIGIL_ADMIN_PORT}, bound from the environment as
 * the server binds them, and the three ports they make with the internal one.
 */
class PortsTests {

	@Test
	void bindWhenUnsetThenDefaultPorts() {
		PortProperties ports = bind(Map.of());

		assertThat(ports.publicPort()).isEqualTo(8080);
		assertThat(ports.adminPort()).isEqualTo(8082);
	}

	@Test
	void bindWhenVariablesSetThenTakesThem() {
		PortProperties ports = bind(Map.of("SIGIL_PUBLIC_PORT", "18080", "SIGIL_ADMIN_PORT", "18082"));

		assertThat(ports.publicPort()).isEqualTo(18080);
		assertThat(ports.adminPort()).isEqualTo(18082);
	}

	@ParameterizedTest
	@CsvSource({ "SIGIL_PUBLIC_PORT, 0", "SIGIL_PUBLIC_PORT, 65536", "SIGIL_ADMIN_PORT, -1" })
	void bindWhenNotAPortThenRefusedNamingTheVariable(String variable, String value) {
		assertThatThrownBy(() -> bind(Map.of(variable, value))).rootCause()
			.hasMessage(variable + " must be a TCP port (1-65535), got " + value);
	}

	@Test
	void portsWhenTwoAreTheSameThenRefusedNamingAllThree() {
		assertThatThrownBy(() -> new Ports(8080, 8081, 8081)).hasMessageStartingWith(
				"SIGIL_PUBLIC_PORT (8080), SIGIL_INTERNAL_PORT (8081) and SIGIL_ADMIN_PORT " + "(8081) must differ");
	}

	@Test
	void portsWhenInternalPortOutOfRangeThenRefusedNamingIt() {
		assertThatThrownBy(() -> new Ports(8080, 70000, 8082))
			.hasMessage("SIGIL_INTERNAL_PORT must be a TCP port (1-65535), got 70000");
	}

	private static PortProperties bind(Map<String, Object> environment) {
		SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment);
		return new Binder(ConfigurationPropertySources.from(source)).bindOrCreate("sigil", PortProperties.class);
	}

}
