package dev.sigil.issuer.trust;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sigil.issuer.error.SigilException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The subject patterns a relying party is given, and the inputs that cannot describe one.
 */
class TrustSubjectTests {

	private final TestMachine web = TestMachine.web();

	@ParameterizedTest
	@CsvSource({ "https://id.example.com/acme, id.example.com/acme",
			"https://id.example.com/acme/, id.example.com/acme",
			"HTTPS://id.example.com:8443/acme, id.example.com:8443/acme", "http://localhost/acme, localhost/acme" })
	void issuerHostPathWhenIssuerGivenDropsSchemeAndTrailingSlash(String issuer, String hostPath) {
		assertThat(this.web.issuer(issuer).appSubject().issuerHostPath()).isEqualTo(hostPath);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "sts.amazonaws.com|true", "//iam.googleapis.com/projects/42/x|true",
			"api://AzureADTokenExchange|true", "a b|false", "evil\"}|false", "${var}|false", "x,y|false" })
	void audienceWhenForATrustConfigurationThenOnlyPlainCharacters(String audience, boolean accepted) {
		if (accepted) {
			assertThat(this.web.appSubject().withAudience(audience).audience()).isEqualTo(audience);
		}
		else {
			assertThatExceptionOfType(SigilException.class)
				.isThrownBy(() -> this.web.appSubject().withAudience(audience));
		}
	}

	@Test
	void subjectsWhenNamesTemplateUseSlugAndNames() {
		TrustSubject subject = this.web.machineSubject();
		assertThat(subject.appSubjectPattern()).isEqualTo("acme:web:*");
		assertThat(subject.machineSubject()).isEqualTo("acme:web:m1");
	}

	@Test
	void subjectsWhenIdsTemplateUseIds() {
		TrustSubject subject = this.web.template(TrustSubject.IDS).machineSubject();
		assertThat(subject.appSubjectPattern()).isEqualTo(TestMachine.ACME + ":" + TestMachine.WEB + ":*");
		assertThat(subject.machineSubject()).isEqualTo(TestMachine.ACME + ":" + TestMachine.WEB + ":" + TestMachine.M1);
	}

	@Test
	void subjectTemplateWhenNullIsNames() {
		assertThat(this.web.template(null).appSubject().subjectTemplate()).isEqualTo(TrustSubject.NAMES);
	}

	@Test
	void newWhenInputCannotDescribeASubjectThenRefusesNamingIt() {
		TrustSubject app = this.web.appSubject();
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> app.pinnedTo("m1", null))
			.withMessageContaining("both its name and its id");
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> this.web.template("uuids").appSubject())
			.withMessageContaining("'names' or 'ids'");
		assertThatExceptionOfType(SigilException.class)
			.isThrownBy(() -> this.web.issuer("ftp://id.example.com/acme").appSubject())
			.withMessageContaining("http(s) URL");
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> app.withAudience(" "))
			.withMessageContaining("aud");
		assertThatExceptionOfType(SigilException.class)
			.isThrownBy(() -> TrustSubject.app(TestMachine.ISSUER, UUID.randomUUID(), "acme", null, "web", null, null))
			.withMessageContaining("appId");
	}

}
