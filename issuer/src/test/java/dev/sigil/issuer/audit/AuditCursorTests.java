package dev.sigil.issuer.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A page's cursor comes back as the same position, and nothing else is taken for one. */
class AuditCursorTests {

	static Stream<Arguments> positions() {
		return Stream.of(Arguments.of(Instant.EPOCH, 0L),
				Arguments.of(Instant.parse("2026-11-30T15:00:00.123456Z"), 42L),
				Arguments.of(Instant.parse("1969-12-31T23:59:59.500001Z"), 1L),
				Arguments.of(Instant.parse("2199-12-31T23:59:59.999999Z"), Long.MAX_VALUE));
	}

	@ParameterizedTest(name = "{0} #{1}")
	@MethodSource("positions")
	void decodeWhenCursorWasHandedOutThenSamePosition(Instant issuedAt, long id) {
		AuditCursor cursor = new AuditCursor(issuedAt, id);

		assertThat(AuditCursor.decode(cursor.encode())).isEqualTo(cursor);
	}

	@ParameterizedTest(name = "{0} #{1}")
	@MethodSource("positions")
	void encodeWhenAnyPositionThenSafeInAQueryStringWithoutEscaping(Instant issuedAt, long id) {
		assertThat(new AuditCursor(issuedAt, id).encode()).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void encodeWhenTimeHasNanosecondsThenKeepsTheMicrosecondsTheDatabaseHolds() {
		AuditCursor cursor = new AuditCursor(Instant.parse("2026-11-30T15:00:00.123456789Z"), 7);

		assertThat(AuditCursor.decode(cursor.encode()))
			.isEqualTo(new AuditCursor(Instant.parse("2026-11-30T15:00:00.123456Z"), 7));
	}

	static Stream<Arguments> garbage() {
		return Stream.of(Arguments.of("empty", ""), Arguments.of("not base64", "%%%"),
				Arguments.of("spaces", "a cursor"), Arguments.of("standard base64 alphabet", "MTc/"),
				Arguments.of("impossible length", "MTcwMDAwMDAwMDAwMDAwMC40M"), Arguments.of("no dot", encoded("1700")),
				Arguments.of("no id", encoded("1700.")), Arguments.of("no time", encoded(".42")),
				Arguments.of("two dots", encoded("1.2.3")), Arguments.of("exponent", encoded("1e6.42")),
				Arguments.of("hexadecimal", encoded("0x10.42")), Arguments.of("trailing space", encoded("1700.42 ")),
				Arguments.of("time past a long", encoded("92233720368547758080.1")),
				Arguments.of("id past a long", encoded("1700.92233720368547758080")),
				Arguments.of("non-ASCII digits", encoded("\u0661\u0667.\u0664\u0662")),
				Arguments.of("JSON", encoded("{\"id\":42}")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("garbage")
	void decodeWhenNotACursorThenInvalidRequest(String name, String value) {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> AuditCursor.decode(value))
			.withMessage("cursor is not one this API handed out")
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.INVALID_REQUEST));
	}

	@ParameterizedTest
	@NullSource
	void decodeWhenMissingThenInvalidRequest(String value) {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> AuditCursor.decode(value))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.INVALID_REQUEST));
	}

	@Test
	void decodeWhenHandedOutCursorIsCutShortThenRefusedOrAnEarlierPrefix() {
		// The cursor carries no signature: a cut that still reads as a position names
		// another place in the caller's own ledger (AuditQuery keeps to the org), never
		// an error of another kind.
		String cursor = new AuditCursor(Instant.parse("2026-11-30T15:00:00.123456Z"), 123456789L).encode();
		for (int length = 0; length < cursor.length(); length++) {
			String cut = cursor.substring(0, length);
			try {
				AuditCursor decoded = AuditCursor.decode(cut);
				assertThat(Long.toString(decoded.id())).as(cut).isSubstringOf("123456789");
			}
			catch (SigilException ex) {
				assertThat(ex.problem()).as(cut).isEqualTo(Problem.INVALID_REQUEST);
			}
		}
	}

	private static String encoded(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
