package dev.sigil.agent.child;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RoleSessionNameTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			web-1                      | web-1
			Web_1+a=b,c.d@e            | Web_1+a=b,c.d@e
			web 1/blue:green           | web-1-blue-green
			é                          | sigil--
			x                          | sigil-x
			""")
	void ofWhenMachineNameThenValidForSts(String machineName, String sessionName) {
		assertThat(RoleSessionName.of(Optional.of(machineName))).isEqualTo(sessionName).matches("[\\w+=,.@-]{2,64}");
	}

	@Test
	void ofWhenNameTooLongThenCutTo64() {
		assertThat(RoleSessionName.of(Optional.of("m".repeat(100)))).isEqualTo("m".repeat(64));
	}

	@Test
	void ofWhenNoMachineNameThenFallback() {
		assertThat(RoleSessionName.of(Optional.empty())).isEqualTo("sigil-agent");
		assertThat(RoleSessionName.of(Optional.of(""))).isEqualTo("sigil-agent");
	}

}
