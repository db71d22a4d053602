package dev.sigil.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code NOTES.txt}, as {@code helm install} prints it: where the issuers are and how to reach the
 * internal API.
 */
class NotesTests {

	@Test
	void notesWhenInstalledThenNameAnOrgsIssuerAndDiscoveryUrl() {
		String notes = SigilChart.withCiValues().notes();

		assertThat(notes).contains("https://id.example.com/ORG")
			.contains("https://id.example.com/ORG/.well-known/openid-configuration");
	}

	@Test
	void notesWhenInstalledThenTellHowToReachTheInternalApi() {
		String notes = SigilChart.withCiValues().notes();

		assertThat(notes).contains("http://sigil-internal.identity.svc:8081")
			.contains("kubectl --namespace identity port-forward service/sigil-internal 8081:8081")
			.contains("get secret sigil-secrets")
			.contains("helm test sigil --namespace identity");
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
