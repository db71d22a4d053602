package dev.sigil.issuer.trust;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.sigil.issuer.error.SigilException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What each relying party is told to trust, for the names and the ids subject templates,
 * for a whole app and for one machine; the Terraform parses and keeps the values it was
 * given.
 */
class TrustConfigGeneratorTests {

	private static final String ACCOUNT = "123456789012";

	private final TrustConfigGenerator generator = new TrustConfigGenerator();

	private final TestMachine web = TestMachine.web();

	@Test
	void awsTrustPolicyWhenAppGivenMatchesEveryMachineOfTheApp() {
		ObjectNode aws = this.generator.aws(this.web.appSubject(), ACCOUNT);
		assertThat(aws.get("audience").stringValue()).isEqualTo("sts.amazonaws.com");
		assertThat(aws.at("/oidc_provider/url").stringValue()).isEqualTo(TestMachine.ISSUER);
		assertThat(aws.at("/oidc_provider/client_id_list/0").stringValue()).isEqualTo("sts.amazonaws.com");
		JsonNode statement = aws.at("/trust_policy/Statement/0");
		assertThat(aws.at("/trust_policy/Version").stringValue()).isEqualTo("2012-10-17");
		assertThat(statement.get("Effect").stringValue()).isEqualTo("Allow");
		assertThat(statement.get("Action").stringValue()).isEqualTo("sts:AssumeRoleWithWebIdentity");
		assertThat(statement.at("/Principal/Federated").stringValue())
			.isEqualTo("arn:aws:iam::123456789012:oidc-provider/id.example.com/acme");
		assertThat(statement.get("Condition")).hasToString("""
				{"StringEquals":{"id.example.com/acme:aud":"sts.amazonaws.com"},\
				"StringLike":{"id.example.com/acme:sub":"acme:web:*"}}""");
	}

	@Test
	void awsTrustPolicyWhenMachineGivenPinsSubjectToMachine() {
		JsonNode condition = this.generator.aws(this.web.machineSubject(), ACCOUNT)
			.at("/trust_policy/Statement/0/Condition");
		assertThat(condition).hasToString(
				"""
						{"StringEquals":{"id.example.com/acme:aud":"sts.amazonaws.com","id.example.com/acme:sub":"acme:web:m1"}}""");
	}

	@Test
	void awsTrustPolicyWhenIdsTemplateMatchesIds() {
		TestMachine ids = this.web.template(TrustSubject.IDS);
		assertThat(this.generator.aws(ids.appSubject(), ACCOUNT)
			.at("/trust_policy/Statement/0/Condition/StringLike")
			.get("id.example.com/acme:sub")
			.stringValue()).isEqualTo(TestMachine.ACME + ":" + TestMachine.WEB + ":*");
		assertThat(this.generator.aws(ids.machineSubject(), ACCOUNT)
			.at("/trust_policy/Statement/0/Condition/StringEquals")
			.get("id.example.com/acme:sub")
			.stringValue()).isEqualTo(TestMachine.ACME + ":" + TestMachine.WEB + ":" + TestMachine.M1);
	}

	@Test
	void awsConditionKeysWhenIssuerHasTrailingSlashUseHostAndPathWithoutScheme() {
		ObjectNode aws = this.generator.aws(this.web.issuer("https://ID.example.com/acme/").appSubject(), ACCOUNT);
		assertThat(aws.at("/trust_policy/Statement/0/Condition/StringEquals").propertyNames())
			.containsExactly("ID.example.com/acme:aud");
		assertThat(aws.at("/oidc_provider/arn").stringValue()).endsWith(":oidc-provider/ID.example.com/acme");
		assertThat(aws.get("terraform").stringValue()).contains("variable = \"ID.example.com/acme:sub\"")
			.doesNotContain("https://ID.example.com/acme:");
	}

	@Test
	void awsWhenNoAccountGivenWritesPlaceholderAndWhenMalformedRefuses() {
		assertThat(this.generator.aws(this.web.appSubject(), null).at("/oidc_provider/arn").stringValue())
			.isEqualTo("arn:aws:iam::${AWS_ACCOUNT_ID}:oidc-provider/id.example.com/acme");
		assertThatExceptionOfType(SigilException.class)
			.isThrownBy(() -> this.generator.aws(this.web.appSubject(), "1234"))
			.withMessageContaining("12 digits");
	}

	@Test
	void awsWhenAudienceGivenUsesItForProviderAndCondition() {
		ObjectNode aws = this.generator.aws(this.web.appSubject().withAudience("aws-prod"), ACCOUNT);
		assertThat(aws.get("audience").stringValue()).isEqualTo("aws-prod");
		assertThat(aws.at("/oidc_provider/client_id_list/0").stringValue()).isEqualTo("aws-prod");
		assertThat(aws.at("/trust_policy/Statement/0/Condition/StringEquals/id.example.com~1acme:aud").stringValue())
			.isEqualTo("aws-prod");
	}

	@Test
	void awsTerraformWhenParsedHoldsProviderConditionsAndRole() {
		String terraform = this.generator.aws(this.web.appSubject(), ACCOUNT).get("terraform").stringValue();
		Map<String, Object> parsed = TerraformText.parse(terraform);
		assertThat(TerraformText.at(parsed, "resource", "aws_iam_openid_connect_provider", "sigil", "url"))
			.isEqualTo(TestMachine.ISSUER);
		assertThat(TerraformText.at(parsed, "resource", "aws_iam_role", "sigil", "name")).isEqualTo("sigil_acme_web");
		assertThat(terraform).contains(String.join("\n", "    condition {", "      test     = \"StringLike\"",
				"      variable = \"id.example.com/acme:sub\"", "      values   = [\"acme:web:*\"]", "    }"));
	}

	@Test
	void gcpProviderWhenAppGivenConditionsOnAppIdAndMapsSub() {
		ObjectNode gcp = this.generator.gcp(this.web.appSubject(), new GcpWorkloadPool("42", "sigil-pool", "acme-web"));
		String provider = "//iam.googleapis.com/projects/42/locations/global/workloadIdentityPools/sigil-pool/providers/acme-web";
		assertThat(gcp.get("audience").stringValue()).isEqualTo(provider);
		assertThat(gcp.at("/provider/oidc/issuerUri").stringValue()).isEqualTo(TestMachine.ISSUER);
		assertThat(gcp.at("/provider/oidc/allowedAudiences").isMissingNode()).isTrue();
		assertThat(gcp.at("/provider/attributeMapping/google.subject").stringValue()).isEqualTo("assertion.sub");
		assertThat(gcp.at("/provider/attributeMapping/attribute.app_id").stringValue()).isEqualTo("assertion.app_id");
		assertThat(gcp.at("/provider/attributeCondition").stringValue())
			.isEqualTo("assertion.app_id == '" + TestMachine.WEB + "'");
		assertThat(gcp.get("principal").stringValue()).isEqualTo("principalSet://iam.googleapis.com/projects/42/"
				+ "locations/global/workloadIdentityPools/sigil-pool/attribute.app_id/" + TestMachine.WEB);
		JsonNode credential = gcp.get("credential_configuration");
		assertThat(credential.get("type").stringValue()).isEqualTo("external_account");
		assertThat(credential.get("audience").stringValue()).isEqualTo(provider);
		assertThat(credential.get("subject_token_type").stringValue())
			.isEqualTo("urn:ietf:params:oauth:token-type:jwt");
		assertThat(credential.get("token_url").stringValue()).isEqualTo("https://sts.googleapis.com/v1/token");
		assertThat(credential.at("/credential_source/executable/command").stringValue())
			.isEqualTo("/opt/sigil-agent/sigil-agent gcp-credential --aud " + provider);
		assertThat(credential.at("/credential_source/executable/timeout_millis").intValue()).isEqualTo(30000);
	}

	@Test
	void gcpProviderWhenMachineGivenAndIdsTemplateConditionsOnMachineToo() {
		TestMachine ids = this.web.template(TrustSubject.IDS);
		ObjectNode gcp = this.generator.gcp(ids.machineSubject().withAudience("gcp"), GcpWorkloadPool.placeholders());
		assertThat(gcp.at("/provider/attributeCondition").stringValue()).isEqualTo(
				"assertion.app_id == '" + TestMachine.WEB + "' && assertion.machine_id == '" + TestMachine.M1 + "'");
		assertThat(gcp.at("/provider/oidc/allowedAudiences/0").stringValue()).isEqualTo("gcp");
		assertThat(gcp.at("/provider/attributeMapping/google.subject").stringValue()).isEqualTo("assertion.sub");
		assertThat(gcp.at("/provider/name").stringValue()).isEqualTo(
				"projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${POOL_ID}/providers/${PROVIDER_ID}");
		assertThat(gcp.get("principal").stringValue()).endsWith("/attribute.machine_id/" + TestMachine.M1);
		assertThat(gcp.at("/credential_configuration/credential_source/executable/command").stringValue())
			.endsWith(" gcp-credential --aud gcp");
	}

	@Test
	void gcpProviderWhenNamesCouldPassGoogleSubjectLimitMapsIds() {
		String longApp = "a".repeat(63);
		ObjectNode gcp = this.generator.gcp(this.web.app(longApp, TestMachine.WEB).appSubject(), null);
		assertThat(gcp.at("/provider/attributeMapping/google.subject").stringValue())
			.isEqualTo("assertion.org_id + ':' + assertion.app_id + ':' + assertion.machine_id");
	}

	@Test
	void gcpTerraformWhenIdsNotGivenDeclaresVariablesAndParses() {
		String terraform = this.generator.gcp(this.web.appSubject(), null).get("terraform").stringValue();
		Map<String, Object> parsed = TerraformText.parse(terraform);
		assertThat(TerraformText.at(parsed, "variable", "pool_id")).isNotNull();
		assertThat(TerraformText.at(parsed, "resource", "google_iam_workload_identity_pool_provider", "sigil",
				"attribute_condition"))
			.isEqualTo("assertion.app_id == '" + TestMachine.WEB + "'");
		assertThat(terraform).contains("workload_identity_pool_id = var.pool_id")
			.containsPattern("\"google\\.subject\" += \"assertion\\.sub\"")
			.contains("value = \"principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.sigil.name}/"
					+ "attribute.app_id/" + TestMachine.WEB + "\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { TrustSubject.NAMES, TrustSubject.IDS })
	void azureCredentialWhenMachineGivenNamesItsExactSubject(String template) {
		TestMachine machine = this.web.template(template);
		ObjectNode azure = this.generator.azure(machine.machineSubject());
		JsonNode credential = azure.get("federated_identity_credential");
		assertThat(credential.get("name").stringValue()).isEqualTo("sigil_acme_web_m1");
		assertThat(credential.get("issuer").stringValue()).isEqualTo(TestMachine.ISSUER);
		assertThat(credential.get("subject").stringValue()).isEqualTo(machine.sub());
		assertThat(credential.get("audiences")).hasToString("[\"api://AzureADTokenExchange\"]");
		Map<String, Object> parsed = TerraformText.parse(azure.get("terraform").stringValue());
		assertThat(TerraformText.at(parsed, "resource", "azurerm_federated_identity_credential", "sigil", "subject"))
			.isEqualTo(machine.sub());
	}

	@Test
	void azureCredentialWhenNoMachineGivenRefusesNamingWhy() {
		assertThatExceptionOfType(SigilException.class).isThrownBy(() -> this.generator.azure(this.web.appSubject()))
			.withMessageContaining("name the machine");
	}

	@Test
	void vaultRoleWhenAppGivenBindsSubGlobAndAudience() {
		ObjectNode vault = this.generator.vault(this.web.appSubject());
		assertThat(vault.get("auth_method")).hasToString("""
				{"type":"jwt","config":{"oidc_discovery_url":"https://id.example.com/acme",\
				"bound_issuer":"https://id.example.com/acme"}}""");
		JsonNode role = vault.get("role");
		assertThat(role.get("role_type").stringValue()).isEqualTo("jwt");
		assertThat(role.get("user_claim").stringValue()).isEqualTo("sub");
		assertThat(role.get("bound_audiences")).hasToString("[\"vault\"]");
		assertThat(role.get("bound_claims_type").stringValue()).isEqualTo("glob");
		assertThat(role.get("bound_claims"))
			.hasToString("{\"sub\":[\"acme:web:*\"],\"app_id\":[\"" + TestMachine.WEB + "\"]}");
	}

	@Test
	void namesWhenAppNameLooksLikeAnotherAppsPinnedMachineThenTheyDiffer() {
		TestMachine webM1 = this.web.app("web-m1", TestMachine.API);
		String appWide = this.generator.vault(webM1.appSubject()).get("role_name").stringValue();
		String pinned = this.generator.vault(this.web.machineSubject()).get("role_name").stringValue();
		assertThat(appWide).isEqualTo("sigil_acme_web-m1");
		assertThat(pinned).isEqualTo("sigil_acme_web_m1");
		String dotted = this.generator.azure(this.web.machine("m.1", TestMachine.M2).machineSubject())
			.at("/federated_identity_credential/name")
			.stringValue();
		String dashed = this.generator.azure(this.web.machine("m-1", TestMachine.M2).machineSubject())
			.at("/federated_identity_credential/name")
			.stringValue();
		assertThat(dotted).isNotEqualTo(dashed).matches("[A-Za-z0-9_-]{3,120}");
	}

	@Test
	void vaultRoleWhenMachineGivenWithIdsBindsExactSub() {
		TestMachine ids = this.web.template(TrustSubject.IDS);
		JsonNode role = this.generator.vault(ids.machineSubject()).get("role");
		assertThat(role.get("bound_claims_type").stringValue()).isEqualTo("string");
		assertThat(role.at("/bound_claims/sub/0").stringValue()).isEqualTo(ids.sub());
		assertThat(role.at("/bound_claims/machine_id/0").stringValue()).isEqualTo(TestMachine.M1.toString());
	}

	@Test
	void kubernetesAuthenticatorWhenAppGivenValidatesAppIdAndMapsSub() {
		JsonNode config = this.generator.kubernetes(this.web.appSubject()).get("authentication_configuration");
		assertThat(config.get("apiVersion").stringValue()).isEqualTo("apiserver.config.k8s.io/v1");
		assertThat(config.get("kind").stringValue()).isEqualTo("AuthenticationConfiguration");
		JsonNode jwt = config.at("/jwt/0");
		assertThat(jwt.at("/issuer/url").stringValue()).isEqualTo(TestMachine.ISSUER);
		assertThat(jwt.at("/issuer/audiences")).hasToString("[\"kubernetes\"]");
		assertThat(jwt.get("claimValidationRules")).hasSize(1);
		assertThat(jwt.at("/claimValidationRules/0/expression").stringValue())
			.isEqualTo("claims.app_id == '" + TestMachine.WEB + "'");
		assertThat(jwt.at("/claimMappings/username")).hasToString("{\"claim\":\"sub\",\"prefix\":\"sigil:\"}");
		assertThat(jwt.at("/claimMappings/groups/expression").stringValue())
			.isEqualTo("'sigil:' + claims.org_name + ':' + claims.app_name");
	}

	@Test
	void kubernetesAuthenticatorWhenMachineGivenWithIdsValidatesMachineAndGroupsByIds() {
		JsonNode jwt = this.generator.kubernetes(this.web.template(TrustSubject.IDS).machineSubject())
			.at("/authentication_configuration/jwt/0");
		assertThat(jwt.at("/claimValidationRules/1/expression").stringValue())
			.isEqualTo("claims.machine_id == '" + TestMachine.M1 + "'");
		assertThat(jwt.at("/claimMappings/groups/expression").stringValue())
			.isEqualTo("'sigil:' + claims.org_id + ':' + claims.app_id");
	}

	@Test
	void generateWhenIssuerIsPlainHttpWarnsWhereRelyingPartiesRefuseIt() {
		TestMachine local = this.web.issuer("http://localhost:8080/acme");
		assertThat(this.generator.aws(local.appSubject(), ACCOUNT).at("/warnings/0").stringValue())
			.contains("https://");
		assertThat(this.generator.kubernetes(local.appSubject()).at("/warnings/0").stringValue()).contains("https://");
		assertThat(this.generator.vault(local.appSubject()).has("warnings")).isFalse();
		assertThat(this.generator.aws(this.web.appSubject(), ACCOUNT).has("warnings")).isFalse();
	}

}
