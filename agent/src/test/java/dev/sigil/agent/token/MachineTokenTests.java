package dev.sigil.agent.token;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sigil.agent.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MachineTokenTests {

	private static final Instant ISSUED = Instant.parse("2030-01-01T10:00:00Z");

	@Test
	void parseWhenPlatformTokenThenReadsTimesAndMachineName() {
		String compact = TestTokens.issued(ISSUED, Duration.ofMinutes(10)).claim("machine_name", "web-7").compact();
		MachineToken token = MachineToken.parse(compact, ISSUED);
		assertThat(token.value()).isEqualTo(compact);
		assertThat(token.expiresAt()).isEqualTo(ISSUED.plusSeconds(600));
		assertThat(token.lifetime()).isEqualTo(Duration.ofMinutes(10));
		assertThat(token.machineName()).contains("web-7");
	}

	@Test
	void localExpiryWhenMachineClockIsOffThenCountsLifetimeFromReceipt() {
		Instant localNow = ISSUED.minus(Duration.ofHours(2));
		MachineToken token = MachineToken.parse(TestTokens.issued(ISSUED, Duration.ofMinutes(10)).compact(), localNow);
		assertThat(token.localExpiry()).isEqualTo(localNow.plus(Duration.ofMinutes(10)));
	}

	@Test
	void parseWhenNoIatThenLifetimeRunsFromReceipt() {
		String compact = TestTokens.issued(ISSUED, Duration.ofMinutes(10)).claim("iat", null).compact();
		MachineToken token = MachineToken.parse(compact, ISSUED.plusSeconds(60));
		assertThat(token.lifetime()).isEqualTo(Duration.ofMinutes(9));
	}

	@Test
	void toStringWhenPrintedThenHidesToken() {
		String compact = TestTokens.issued(ISSUED, Duration.ofMinutes(10)).compact();
		assertThat(MachineToken.parse(compact, ISSUED).toString()).doesNotContain(compact)
			.doesNotContain(compact.split("\\.")[1])
			.contains("web-1");
	}

	@Test
	void parseWhenNoExpThenFails() {
		String compact = TestTokens.issued(ISSUED, Duration.ofMinutes(10)).claim("exp", null).compact();
		assertThatIllegalArgumentException().isThrownBy(() -> MachineToken.parse(compact, ISSUED))
			.withMessageContaining("exp");
	}

	@Test
	void parseWhenExpiresBeforeIssuedThenFails() {
		String compact = TestTokens.issued(ISSUED, Duration.ofMinutes(10))
			.claim("exp", ISSUED.minusSeconds(1).getEpochSecond())
			.compact();
		assertThatIllegalArgumentException().isThrownBy(() -> MachineToken.parse(compact, ISSUED));
	}

	@Test
	void parseWhenExpOutOfRangeThenFails() {
		String compact = TestTokens.issued(ISSUED, Duration.ofMinutes(10)).claim("exp", 1e300).compact();
		assertThatIllegalArgumentException().isThrownBy(() -> MachineToken.parse(compact, ISSUED))
			.withMessageContaining("out of range");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not a token", "a.b", "a.b.c.d", "eyJhbGciOiJub25lIn0.bm90IGpzb24.sig",
			"eyJhbGciOiJub25lIn0.WzFd.sig", "<html>502 Bad Gateway</html>" })
	void parseWhenNotAJwtThenFails(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> MachineToken.parse(text, ISSUED));
	}

}
