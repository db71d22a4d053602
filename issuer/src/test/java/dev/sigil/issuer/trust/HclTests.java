package dev.sigil.issuer.trust;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Terraform text as written: every string comes back from a parser as given, whatever it
 * holds, and the layout is the one {@code terraform fmt} produces (checked when terraform
 * is installed).
 */
class HclTests {

	/**
	 * Strings with everything HCL gives a meaning to: quotes, escapes, template
	 * sequences, controls.
	 */
	private static final List<String> HOSTILE = List.of("plain", "quote \" and backslash \\ and \\n",
			"${var.secret} and %{ if true }x%{ endif }", "$${already escaped} %%{ too }", "$ alone, % alone, ${",
			"line\nbreak\tand tab", "unicode é ✓ 𝄞", "control \u0001 \u007f");

	// hcl4j knows neither $${ and %%{ nor \\u escapes; terraform itself checks those
	// below.
	@ParameterizedTest
	@ValueSource(strings = { "plain", "quote \" and backslash \\ and \\n", "$ alone, % alone", "line\nbreak\tand tab",
			"unicode é ✓ 𝄞" })
	void quoteWhenParsedThenGivesTheValueBack(String value) {
		String text = Hcl.document(List.of(), List.of(Hcl.Block.of("locals").string("v", value)));
		assertThat(TerraformText.at(TerraformText.parse(text), "locals", "v")).isEqualTo(value);
	}

	@Test
	void quoteWhenEvaluatedByTerraformThenGivesTheValueBack(@TempDir Path dir) throws Exception {
		assumeTrue(TerraformText.formatterAvailable(), "terraform is not installed");
		// One expression (the console answers the last line only), its value free of
		// escapes.
		String expression = HOSTILE.stream()
			.map((value) -> "base64encode(" + Hcl.quote(value) + ")")
			.collect(Collectors.joining(", ", "join(\",\", [", "])"));
		List<String> encoded = List.of(TerraformText.console(dir, expression).split(","));
		assertThat(encoded).hasSameSizeAs(HOSTILE);
		for (int i = 0; i < HOSTILE.size(); i++) {
			String value = new String(Base64.getDecoder().decode(encoded.get(i)), StandardCharsets.UTF_8);
			assertThat(value).isEqualTo(HOSTILE.get(i));
		}
	}

	@Test
	void escapeWhenTemplateSequencesThenDoublesTheirSigil() {
		assertThat(Hcl.quote("a${b}%{c}$d%e\"\\")).isEqualTo("\"a$${b}%%{c}$d%e\\\"\\\\\"");
	}

	@Test
	void documentWhenAttributesMapsAndBlocksThenAlignsRunsAsTerraformFmt() {
		String text = Hcl.document(List.of("a comment"),
				List.of(Hcl.Block.of("resource", "t", "n")
					.string("a", "1")
					.string("long_name", "2")
					.map("m", Map.of("google.subject", "x"))
					.string("after", "3")
					.block(Hcl.Block.of("inner").attribute("k", "[]"))));
		assertThat(text).isEqualTo("""
				# a comment

				resource "t" "n" {
				  a         = "1"
				  long_name = "2"
				  m = {
				    "google.subject" = "x"
				  }
				  after = "3"

				  inner {
				    k = []
				  }
				}
				""");
	}

	static Stream<Arguments> terraform() {
		TrustConfigGenerator generator = new TrustConfigGenerator();
		TestMachine web = TestMachine.web();
		TestMachine odd = web.template(TrustSubject.IDS)
			.app("w\"e${b}", TestMachine.WEB)
			.machine("m%{1}\\", TestMachine.M1);
		GcpWorkloadPool pool = new GcpWorkloadPool("42", "sigil-pool", "acme-web");
		return Stream
			.of(arguments("aws app", generator.aws(web.appSubject(), "123456789012")),
					arguments("aws odd machine", generator.aws(odd.machineSubject(), null)),
					arguments("gcp placeholders", generator.gcp(web.appSubject(), null)),
					arguments("gcp pool and audience", generator.gcp(web.machineSubject().withAudience("gcp"), pool)),
					arguments("gcp odd names", generator.gcp(odd.appSubject(), pool)),
					arguments("azure", generator.azure(web.machineSubject())),
					arguments("azure odd names", generator.azure(odd.machineSubject())))
			.map((args) -> arguments(args.get()[0],
					((tools.jackson.databind.JsonNode) args.get()[1]).get("terraform").stringValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("terraform")
	void terraformWhenParsedThenIsValidHcl(String name, String text) {
		assertThat(TerraformText.parse(text)).isNotEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("terraform")
	void terraformWhenFormattedByTerraformThenUnchanged(String name, String text) throws Exception {
		assumeTrue(TerraformText.formatterAvailable(), "terraform is not installed");
		assertThat(TerraformText.formatted(text)).isEqualTo(text);
	}

}
