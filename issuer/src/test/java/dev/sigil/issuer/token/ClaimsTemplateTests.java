package dev.sigil.issuer.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.audit.AuditEntry;
import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.credential.SubjectTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The claims a machine's token carries read back as the machine's own values, whatever
 * those values hold.
 */
class ClaimsTemplateTests {

	private static final JsonMapper JACKSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private static final UUID ORG = UUID.fromString("0b6c4f6e-5f0a-4a43-9a52-0d3c1c2f0a01");

	private static final UUID APP = UUID.fromString("7d1e2a33-8c4b-4f5e-9b6a-1a2b3c4d5e02");

	private static final UUID MACHINE = UUID.fromString("c2d3e4f5-a6b7-4c8d-9e0f-112233445504");

	private static final String JTI = "018f0c1e-7a00-7000-8000-000000000001";

	private static MachineIdentity machine(String value, SortedMap<String, String> labels, boolean labelClaims,
			SubjectTemplate subject) {
		return new MachineIdentity(ORG, "acme" + value, APP, "web" + value, MACHINE, "m1" + value, 7, "eu" + value,
				"img" + value, "sha256:" + value, subject, labels, labelClaims, null);
	}

	private static MachineIdentity plain() {
		return machine("", null, false, SubjectTemplate.NAMES);
	}

	private static String payload(ClaimsTemplate template, String extra) {
		String utf8 = new String(
				template.payload(JsonText.quote("sts.amazonaws.com"), 1_900_000_000L, 1_900_000_600L, JTI, extra)
					.getBytes(StandardCharsets.UTF_8),
				StandardCharsets.UTF_8);
		return utf8;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.sigil.issuer.token.JsonTextTests#hostile")
	void payloadWhenEveryValueIsHostileThenNimbusReadsEachClaimBack(String name, String value) throws Exception {
		SortedMap<String, String> labels = new TreeMap<>(Map.of("team", value, "key" + value, "v"));
		MachineIdentity machine = machine(value, labels, true, SubjectTemplate.NAMES);
		String issuer = "https://id.example.com/acme" + value;
		ClaimsTemplate template = new ClaimsTemplate(machine, issuer);

		Map<String, Object> claims = JSONObjectUtils
			.parse(payload(template, ",\"nonce\":" + JsonText.quote("n" + value)));

		assertThat(claims).containsEntry("iss", issuer)
			.containsEntry("sub", "acme" + value + ":web" + value + ":m1" + value)
			.containsEntry("org_name", "acme" + value)
			.containsEntry("app_name", "web" + value)
			.containsEntry("machine_name", "m1" + value)
			.containsEntry("region", "eu" + value)
			.containsEntry("image", "img" + value)
			.containsEntry("image_digest", "sha256:" + value)
			.containsEntry("nonce", "n" + value)
			.containsEntry("labels", Map.of("team", value, "key" + value, "v"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.sigil.issuer.token.JsonTextTests#hostile")
	void payloadWhenEveryValueIsHostileThenJacksonReadsEachClaimBackWithoutRepeats(String name, String value) {
		SortedMap<String, String> labels = new TreeMap<>(Map.of("team", value));
		ClaimsTemplate template = new ClaimsTemplate(machine(value, labels, true, SubjectTemplate.NAMES),
				"https://id.example.com/acme" + value);

		JsonNode claims = JACKSON.readTree(payload(template, ""));

		assertThat(claims.propertyNames()).containsExactly("aud", "exp", "iat", "jti", "nbf", "app_id", "app_name",
				"image", "image_digest", "iss", "labels", "machine_id", "machine_name", "machine_version", "org_id",
				"org_name", "region", "sub");
		assertThat(claims.get("machine_name").asString()).isEqualTo("m1" + value);
		assertThat(claims.get("image").asString()).isEqualTo("img" + value);
		assertThat(claims.get("labels").get("team").asString()).isEqualTo(value);
		assertThat(claims.get("sub").asString()).isEqualTo("acme" + value + ":web" + value + ":m1" + value);
	}

	@Test
	void payloadWhenPlainMachineThenPerTokenClaimsAndIdsAsStrings() throws Exception {
		ClaimsTemplate template = new ClaimsTemplate(plain(), "https://id.example.com/acme");

		Map<String, Object> claims = JSONObjectUtils.parse(payload(template, ""));

		assertThat(claims).containsEntry("aud", "sts.amazonaws.com")
			.containsEntry("jti", JTI)
			.containsEntry("iat", 1_900_000_000L)
			.containsEntry("nbf", 1_900_000_000L)
			.containsEntry("exp", 1_900_000_600L)
			.containsEntry("org_id", ORG.toString())
			.containsEntry("app_id", APP.toString())
			.containsEntry("machine_id", MACHINE.toString())
			.containsEntry("machine_version", "7")
			.doesNotContainKeys("labels", "nonce", MachineTokenMinter.FEDERATION_CLAIM);
		assertThat(MachineTokenMinter.CLAIMS).containsAll(claims.keySet());
	}

	@Test
	void payloadWhenAppListsNoLabelKeysThenNoLabelsClaimEvenIfMachineHasLabels() throws Exception {
		SortedMap<String, String> labels = new TreeMap<>(Map.of("team", "payments"));
		ClaimsTemplate template = new ClaimsTemplate(machine("", labels, false, SubjectTemplate.NAMES), "https://i/a");

		assertThat(JSONObjectUtils.parse(payload(template, ""))).doesNotContainKey("labels");
	}

	@Test
	void payloadWhenAppListsLabelKeysAndMachineHasNoneThenEmptyLabelsObject() throws Exception {
		ClaimsTemplate template = new ClaimsTemplate(machine("", null, true, SubjectTemplate.NAMES), "https://i/a");

		assertThat(JSONObjectUtils.parse(payload(template, ""))).containsEntry("labels", Map.of());
	}

	@Test
	void payloadWhenSeveralLabelsThenAllInOneObject() throws Exception {
		SortedMap<String, String> labels = new TreeMap<>(Map.of("a", "1", "b", "2", "c", "3"));
		ClaimsTemplate template = new ClaimsTemplate(machine("", labels, true, SubjectTemplate.NAMES), "https://i/a");

		assertThat(JSONObjectUtils.parse(payload(template, ""))).containsEntry("labels",
				Map.of("a", "1", "b", "2", "c", "3"));
	}

	@Test
	void payloadWhenIdsSubjectTemplateThenSubIsTheIds() throws Exception {
		ClaimsTemplate template = new ClaimsTemplate(machine("", null, false, SubjectTemplate.IDS), "https://i/a");

		assertThat(JSONObjectUtils.parse(payload(template, ""))).containsEntry("sub", ORG + ":" + APP + ":" + MACHINE);
	}

	@Test
	void payloadWhenSeveralAudiencesThenArrayAsGiven() throws Exception {
		ClaimsTemplate template = new ClaimsTemplate(plain(), "https://i/a");
		String payload = template.payload("[" + JsonText.quote("a\"1") + "," + JsonText.quote("b") + "]", 1, 2, JTI,
				"");

		assertThat(JSONObjectUtils.parse(payload).get("aud")).isEqualTo(java.util.List.of("a\"1", "b"));
	}

	@Test
	void describesWhenMachineChangesThenNoLonger() {
		MachineIdentity machine = plain();
		ClaimsTemplate template = new ClaimsTemplate(machine, "https://i/a");
		MachineIdentity renamed = new MachineIdentity(ORG, "acme", APP, "web", MACHINE, "m2", 8, "eu", "img",
				"sha256:");

		assertThat(template.describes(plain())).isTrue();
		assertThat(template.describes(renamed)).isFalse();
	}

	static Stream<Arguments> loneSurrogates() {
		return Stream.of(Arguments.of("high surrogate in image", machine("\ud800", null, false, SubjectTemplate.IDS)),
				Arguments.of("low surrogate in region", machine("\udc00", null, false, SubjectTemplate.IDS)),
				Arguments.of("reversed pair in a label",
						machine("", new TreeMap<>(Map.of("team", "\udc00\ud800")), true, SubjectTemplate.IDS)));
	}

	/**
	 * The writer's precondition (well-formed text) is held at the boundaries; should a
	 * value slip past them, the audit entry refuses the payload before it is signed.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("loneSurrogates")
	void payloadWhenValueHasLoneSurrogateThenAuditEntryRefusesItBeforeSigning(String name, MachineIdentity machine) {
		ClaimsTemplate template = new ClaimsTemplate(machine, "https://i/a");
		String payload = template.payload(JsonText.quote("sts"), 1, 2, JTI, "");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuditEntry(UUID.fromString(JTI), ORG, APP, "web", MACHINE, "m1", 7, machine.subject(),
					"sts", "kid-1", Instant.EPOCH, Instant.EPOCH.plusSeconds(600), null, payload))
			.withMessage("Audit field claims is not well-formed Unicode");
	}

}
