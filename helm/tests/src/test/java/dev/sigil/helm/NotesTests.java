package dev.sigil.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code NOTES.txt}, as {@code helm install} prints it: where the issuers are and how to
 * reach the internal API.
 */
class NotesTests {

	@Test
	void notesWhenInstalledThenNameAnOrgsIssuerAndDiscoveryUrl() {
		String notes = SigilChart.withCiValues().notes();

		assertThat(notes).contains("https://id.example.com/ORG")
			.contains("https://id.example.com/ORG/.well-known/openid-configuration");
	}

	@Test
	void notesWhenInstalledThenTellAgentsTheTokenApiAndOperatorsTheAdminPort() {
		String notes = SigilChart.withCiValues().notes();

		assertThat(notes).contains("http://sigil-internal.identity.svc:8081")
			.contains("http://sigil-admin.identity.svc:8082")
			.contains("admits pods of namespaces platform-admin to it")
			.contains("kubectl --namespace identity port-forward service/sigil-admin 8082:8082")
			.contains("curl -s -X POST localhost:8082/api/v1/orgs")
			.contains("get secret sigil-secrets")
			.contains("helm test sigil --namespace identity")
			.doesNotContain("port-forward service/sigil-internal");
	}

	@Test
	void notesWhenNoAdminNamespaceThenSayTheAdminPortIsClosedToPods() {
		String notes = SigilChart.withRequiredValues().notes();

		assertThat(notes).contains("admits no pod to it (networkPolicy.adminNamespaces is empty)")
			.contains("pods of every namespace")
			.contains("set admin.secureCookie=true before you reach the UI over HTTPS");
	}

	@Test
	void notesWhenOneDatabaseRoleThenSayItIsForDevelopmentOnly() {
		assertThat(SigilChart.withRequiredValues().notes()).contains("one database role (sigil): fine for")
			.contains("postgresql.owner.username");
		assertThat(SigilChart.withCiValues().notes()).doesNotContain("one database role");
	}

	@Test
	void notesWhenNoIngressThenSayTheIssuersNeedPublishing() {
		String notes = SigilChart.withRequiredValues().notes();

		assertThat(notes).contains("made no Ingress").contains("https://id.example.com/ORG");
	}

	@Test
	void notesWhenIngressWithoutTlsThenWarnThatRelyingPartiesNeedHttps() {
		String notes = SigilChart.withRequiredValues()
			.set("issuer.baseUrl", "")
			.set("ingress.enabled", true)
			.set("ingress.host", "id.example.com")
			.notes();

		assertThat(notes).contains("http://id.example.com/ORG").contains("require https");
	}

}
