package dev.sigil.issuer.tenant;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The naming rules every org, app and machine passes at the API boundary. */
class NamesTests {

	private static final String SLUG_RULE = "slug must be 1-63 lower-case letters, digits and hyphens, "
			+ "starting and ending with a letter or digit";

	private static final String APP_RULE = "name must be 1-63 lower-case letters, digits and hyphens";

	private static final String MACHINE_RULE = "name must be 1-63 letters, digits, dots, underscores and hyphens";

	private static final String REGION_RULE = "region must be 1-63 lower-case letters, digits and hyphens";

	private static final String IMAGE_RULE = "image must be 1-512 printable characters without spaces";

	private static final String DIGEST_RULE = "image_digest must be an algorithm and hex digest such as sha256:4f2a...";

	private static final String HEX64 = "4f2a".repeat(16);

	/** One of the rules, named for the test report. */
	private record Rule(String name, UnaryOperator<String> check) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	private static final Rule SLUG = new Rule("slug", Names::slug);

	private static final Rule APP = new Rule("app", Names::app);

	private static final Rule MACHINE = new Rule("machine", Names::machine);

	private static final Rule REGION = new Rule("region", Names::region);

	private static final Rule IMAGE = new Rule("image", Names::image);

	private static final Rule DIGEST = new Rule("image digest", Names::imageDigest);

	static Stream<Arguments> valid() {
		return Stream.of(Arguments.of(SLUG, "a"), Arguments.of(SLUG, "0"), Arguments.of(SLUG, "acme"),
				Arguments.of(SLUG, "acme-corp-2"), Arguments.of(SLUG, "a--b"), Arguments.of(SLUG, "a".repeat(63)),
				Arguments.of(APP, "web"), Arguments.of(APP, "admin"), Arguments.of(APP, "z".repeat(63)),
				Arguments.of(MACHINE, "m"), Arguments.of(MACHINE, "Web-1.eu_west"), Arguments.of(MACHINE, "1.2.3"),
				Arguments.of(MACHINE, "M".repeat(63)), Arguments.of(REGION, "eu-west-1"), Arguments.of(REGION, "1"),
				Arguments.of(IMAGE, "ghcr.io/acme/web:1.2@sha256:" + HEX64), Arguments.of(IMAGE, "!~"),
				Arguments.of(IMAGE, "x".repeat(512)), Arguments.of(DIGEST, "sha256:" + HEX64),
				Arguments.of(DIGEST, "sha512:" + HEX64 + HEX64), Arguments.of(DIGEST, "sha256:" + "a".repeat(32)),
				Arguments.of(DIGEST, "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564"),
				Arguments.of(DIGEST, "multihash.v1-x:" + "A=_-".repeat(8)));
	}

	@ParameterizedTest(name = "{0} ''{1}''")
	@MethodSource("valid")
	void checkWhenValueFollowsTheRuleThenReturnedUnchanged(Rule rule, String value) {
		assertThat(rule.check().apply(value)).isEqualTo(value);
	}

	static Stream<Arguments> invalid() {
		return Stream.of(Arguments.of(SLUG, null, "slug is required"), Arguments.of(SLUG, "", SLUG_RULE),
				Arguments.of(SLUG, "-acme", SLUG_RULE), Arguments.of(SLUG, "acme-", SLUG_RULE),
				Arguments.of(SLUG, "Acme", SLUG_RULE), Arguments.of(SLUG, "acme_corp", SLUG_RULE),
				Arguments.of(SLUG, "acme.corp", SLUG_RULE), Arguments.of(SLUG, "ac me", SLUG_RULE),
				Arguments.of(SLUG, "acme\n", SLUG_RULE), Arguments.of(SLUG, "acm\u00e9", SLUG_RULE),
				Arguments.of(SLUG, "acme\ud800", SLUG_RULE), Arguments.of(SLUG, "a".repeat(64), SLUG_RULE),
				Arguments.of(SLUG, "admin", "slug 'admin' is reserved"),
				Arguments.of(SLUG, "well-known", "slug 'well-known' is reserved"),
				Arguments.of(SLUG, "v1", "slug 'v1' is reserved"), Arguments.of(APP, null, "name is required"),
				Arguments.of(APP, "", APP_RULE), Arguments.of(APP, "Web", APP_RULE),
				Arguments.of(APP, "-web", APP_RULE), Arguments.of(APP, "web.api", APP_RULE),
				Arguments.of(APP, "w".repeat(64), APP_RULE), Arguments.of(MACHINE, null, "name is required"),
				Arguments.of(MACHINE, "", MACHINE_RULE), Arguments.of(MACHINE, ".m1", MACHINE_RULE),
				Arguments.of(MACHINE, "m1.", MACHINE_RULE), Arguments.of(MACHINE, "m1_", MACHINE_RULE),
				Arguments.of(MACHINE, "m 1", MACHINE_RULE), Arguments.of(MACHINE, "m/1", MACHINE_RULE),
				Arguments.of(MACHINE, "m:1", MACHINE_RULE), Arguments.of(MACHINE, "m\u0000", MACHINE_RULE),
				Arguments.of(MACHINE, "m\u00e9", MACHINE_RULE), Arguments.of(MACHINE, "m\udc00", MACHINE_RULE),
				Arguments.of(MACHINE, "m\ud83d\ude00", MACHINE_RULE),
				Arguments.of(MACHINE, "m".repeat(64), MACHINE_RULE), Arguments.of(REGION, null, "region is required"),
				Arguments.of(REGION, "", REGION_RULE), Arguments.of(REGION, "EU-west-1", REGION_RULE),
				Arguments.of(REGION, "eu_west_1", REGION_RULE), Arguments.of(REGION, "eu-", REGION_RULE),
				Arguments.of(REGION, "r".repeat(64), REGION_RULE), Arguments.of(IMAGE, null, "image is required"),
				Arguments.of(IMAGE, "", IMAGE_RULE), Arguments.of(IMAGE, "web app", IMAGE_RULE),
				Arguments.of(IMAGE, "web\tapp", IMAGE_RULE), Arguments.of(IMAGE, "web\u007f", IMAGE_RULE),
				Arguments.of(IMAGE, "caf\u00e9", IMAGE_RULE), Arguments.of(IMAGE, "web\ud800", IMAGE_RULE),
				Arguments.of(IMAGE, "x".repeat(513), IMAGE_RULE),
				Arguments.of(DIGEST, null, "image_digest is required"), Arguments.of(DIGEST, "", DIGEST_RULE),
				Arguments.of(DIGEST, HEX64, DIGEST_RULE), Arguments.of(DIGEST, ":" + HEX64, DIGEST_RULE),
				Arguments.of(DIGEST, "SHA256:" + HEX64, DIGEST_RULE),
				Arguments.of(DIGEST, "sha256:" + "a".repeat(31), DIGEST_RULE),
				Arguments.of(DIGEST, "sha256:" + "a".repeat(129), DIGEST_RULE),
				Arguments.of(DIGEST, "sha256:" + HEX64 + "\n", DIGEST_RULE),
				Arguments.of(DIGEST, "sha256:" + HEX64.substring(1) + ".", DIGEST_RULE),
				Arguments.of(DIGEST, "sha256+:" + HEX64, DIGEST_RULE),
				Arguments.of(DIGEST, "sha256::" + HEX64, DIGEST_RULE));
	}

	@ParameterizedTest(name = "{0} ''{1}'': {2}")
	@MethodSource("invalid")
	void checkWhenValueBreaksTheRuleThenInvalidRequestSayingWhy(Rule rule, String value, String reason) {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> rule.check().apply(value))
			.withMessage(reason)
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.INVALID_REQUEST));
	}

	@Test
	void orgNameWhenSurroundedBySpaceThenStripped() {
		assertThat(Names.orgName("  Acme Corp\u00e9 ")).isEqualTo("Acme Corp\u00e9");
	}

	@ParameterizedTest(name = "''{0}''")
	@MethodSource("badOrgNames")
	void orgNameWhenEmptyTooLongOrControlThenRefused(String value) {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> Names.orgName(value))
			.withMessage("name must be 1-200 characters without control characters");
	}

	static Stream<String> badOrgNames() {
		return Stream.of("", "   ", "a".repeat(201), "Acme\u0000", "Acme\nCorp", "Acme\u007f", "Acme\u0085");
	}

}
