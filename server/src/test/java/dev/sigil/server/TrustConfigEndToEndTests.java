package dev.sigil.server;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The trust configuration an app's page and API hand out is what a relying party needs:
 * the AWS SDK's STS client, against a stand-in that judges the generated trust policy as
 * IAM would, gets credentials for the app's machines and is refused for another app's,
 * and, under the immutable-id template, for a machine re-created under a trusted name.
 */
class TrustConfigEndToEndTests extends ServerTestSupport {

	private static final String ACCOUNT = "123456789012";

	private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/sigil-web";

	@Test
	void awsTrustPolicyWhenGeneratedForAppThenStsAllowsItsMachinesAndRefusesAnotherApps() throws Exception {
		String org = SigilClient.uniqueSlug("trust");
		this.client.createOrg(org);
		this.client.createApp(org, "web");
		this.client.createApp(org, "api");
		String web = this.client.createMachine(org, "web", "web-1").get("credential").asString();
		String api = this.client.createMachine(org, "api", "api-1").get("credential").asString();

		JsonNode config = trustConfig(org, "web", "aws", "?aws_account_id=" + ACCOUNT);
		String hostPath = PORTS.issuer(org).replaceFirst("^http://", "");
		assertThat(config.get("trust_policy").toString()).contains(hostPath + ":sub")
			.contains(hostPath + ":aud")
			.doesNotContain("http://");
		assertThat(config.get("terraform").asString()).contains("aws_iam_openid_connect_provider");

		try (TrustPolicyStsStandIn sts = TrustPolicyStsStandIn.start(config.get("oidc_provider"), ROLE,
				config.get("trust_policy")); StsClient client = sts(sts)) {
			AssumeRoleWithWebIdentityResponse allowed = assume(client,
					this.client.issueToken(web, "sts.amazonaws.com"));
			assertThat(allowed.credentials().accessKeyId()).isEqualTo("ASIATESTACCESSKEY");
			assertThat(allowed.subjectFromWebIdentityToken()).isEqualTo(org + ":web:web-1");
			assertThatExceptionOfType(StsException.class)
				.isThrownBy(() -> assume(client, this.client.issueToken(api, "sts.amazonaws.com")))
				.satisfies((refused) -> assertThat(refused.statusCode()).isEqualTo(403));
			assertThatExceptionOfType(StsException.class)
				.isThrownBy(() -> assume(client, this.client.issueToken(web, "vault")));
			assertThat(sts.decisions()).hasSize(3).first().asString().startsWith("allowed");

			// Labels and several audiences change nothing a trust policy pins.
			assertThat(this.client.admin("PATCH", "/api/v1/orgs/" + org + "/apps/web", "{\"label_claims\":[\"env\"]}")
				.statusCode()).isEqualTo(200);
			assertThat(this.client
				.admin("PATCH", "/api/v1/orgs/" + org + "/apps/web/machines/web-1", "{\"labels\":{\"env\":\"prod\"}}")
				.statusCode()).isEqualTo(200);
			HttpResponse<String> several = this.client.token(web,
					"{\"aud\":[\"sts.amazonaws.com\",\"vault\"],\"nonce\":\"sts-0123456789\"}");
			assertThat(several.statusCode()).as(several.body()).isEqualTo(200);
			assertThat(assume(client, several.body()).subjectFromWebIdentityToken()).isEqualTo(org + ":web:web-1");
		}
	}

	@Test
	void awsTrustPolicyWhenIdsTemplateAndMachinePinnedThenRecreatedMachineOfSameNameIsRefused() throws Exception {
		String org = SigilClient.uniqueSlug("pinned");
		this.client.createOrg(org);
		this.client.createApp(org, "web");
		assertThat(
				this.client.admin("PATCH", "/api/v1/orgs/" + org + "/apps/web", "{\"subject\":\"ids\"}").statusCode())
			.isEqualTo(200);
		String first = this.client.createMachine(org, "web", "web-1").get("credential").asString();
		JsonNode pinned = trustConfig(org, "web", "aws", "?aws_account_id=" + ACCOUNT + "&machine=web-1");
		JsonNode app = trustConfig(org, "web", "aws", "?aws_account_id=" + ACCOUNT);

		try (TrustPolicyStsStandIn pinnedSts = TrustPolicyStsStandIn.start(pinned.get("oidc_provider"), ROLE,
				pinned.get("trust_policy"));
				StsClient pinnedClient = sts(pinnedSts);
				TrustPolicyStsStandIn appSts = TrustPolicyStsStandIn.start(app.get("oidc_provider"), ROLE,
						app.get("trust_policy"));
				StsClient appClient = sts(appSts)) {
			assume(pinnedClient, this.client.issueToken(first, "sts.amazonaws.com"));
			this.client.admin("DELETE", "/api/v1/orgs/" + org + "/apps/web/machines/web-1", null);
			String second = this.client.createMachine(org, "web", "web-1").get("credential").asString();
			String token = this.client.issueToken(second, "sts.amazonaws.com");
			assertThatExceptionOfType(StsException.class).isThrownBy(() -> assume(pinnedClient, token));
			// The app-wide policy trusts the app by id, so the new machine of the same
			// app is trusted.
			assume(appClient, token);
		}
	}

	@Test
	void trustConfigWhenEveryTargetThenEachAnswersItsShape() {
		String org = SigilClient.uniqueSlug("shapes");
		this.client.createOrg(org);
		this.client.createApp(org, "web");
		this.client.createMachine(org, "web", "web-1");
		assertThat(trustConfig(org, "web", "gcp", "").get("credential_configuration").get("type").asString())
			.isEqualTo("external_account");
		assertThat(trustConfig(org, "web", "azure", "?machine=web-1").get("federated_identity_credential")
			.get("subject")
			.asString()).isEqualTo(org + ":web:web-1");
		assertThat(trustConfig(org, "web", "vault", "").get("role").get("bound_claims").toString())
			.contains(org + ":web:*");
		assertThat(trustConfig(org, "web", "kubernetes", "").get("authentication_configuration").get("kind").asString())
			.isEqualTo("AuthenticationConfiguration");
		HttpResponse<String> azureApp = this.client.admin("GET", "/api/v1/orgs/" + org + "/apps/web/trust-config/azure",
				null);
		assertThat(azureApp.statusCode()).isEqualTo(400);
		assertThat(this.client.admin("GET", "/api/v1/orgs/" + org + "/apps/web/trust-config/oracle", null).statusCode())
			.isEqualTo(404);
		assertThat(
				this.client.admin("GET", "/api/v1/orgs/" + org + "/apps/web/trust-config/aws?aws_account_id=12", null)
					.statusCode())
			.isEqualTo(400);
	}

	private JsonNode trustConfig(String org, String app, String target, String query) {
		HttpResponse<String> response = this.client.admin("GET",
				"/api/v1/orgs/" + org + "/apps/" + app + "/trust-config/" + target + query, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return SigilClient.parse(response.body());
	}

	private static StsClient sts(TrustPolicyStsStandIn sts) {
		return StsClient.builder()
			.endpointOverride(sts.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.build();
	}

	private static AssumeRoleWithWebIdentityResponse assume(StsClient client, String token) {
		return client.assumeRoleWithWebIdentity(
				(request) -> request.roleArn(ROLE).roleSessionName("web-1").webIdentityToken(token));
	}

}
