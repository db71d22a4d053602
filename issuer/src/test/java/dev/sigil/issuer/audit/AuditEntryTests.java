package dev.sigil.issuer.audit;

import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** An entry the database would refuse never joins a group commit. */
class AuditEntryTests {

	private static AuditEntry entry(String audience, String clientAddress, String claims) {
		return new AuditEntry(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "web", UUID.randomUUID(),
				"web-1", 1, "acme:web:web-1", audience, "kid-1", Instant.EPOCH, Instant.EPOCH.plusSeconds(600),
				clientAddress, claims);
	}

	static Stream<Arguments> refused() {
		return Stream.of(Arguments.of("audience too long", (UnaryOperator<String>) (a) -> "a".repeat(513)),
				Arguments.of("NUL in audience", (UnaryOperator<String>) (a) -> "sts\u0000"),
				Arguments.of("lone high surrogate", (UnaryOperator<String>) (a) -> "sts\ud800"),
				Arguments.of("lone low surrogate", (UnaryOperator<String>) (a) -> "\udc00sts"),
				Arguments.of("reversed pair", (UnaryOperator<String>) (a) -> "\udc00\ud800"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void newWhenAudienceCannotBeStoredThenRefused(String name, UnaryOperator<String> audience) {
		assertThatIllegalArgumentException().isThrownBy(() -> entry(audience.apply("x"), "127.0.0.1", "{}"))
			.withMessageContaining("audience");
	}

	@Test
	void newWhenClientAddressTooLongThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> entry("sts", "1".repeat(65), "{}"))
			.withMessageContaining("client_address");
	}

	@Test
	void newWhenClaimsAreNotAnObjectThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> entry("sts", null, "[1]"))
			.withMessageContaining("claims");
	}

	@Test
	void newWhenTextIsWellFormedThenAccepted() {
		assertThat(entry("emoji \ud83d\ude00 and \u00e9", null, "{\"aud\":\"x\"}").audience()).endsWith("\u00e9");
	}

}
