package dev.sigil.helm;

import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Ingress: only the public issuer documents leave the cluster, on the host the
 * issuers' URL names.
 */
class IngressTemplateTests {

	@Test
	void templateWhenIngressEnabledThenRoutesOnlyToPublicPort() {
		Manifests manifests = SigilChart.withCiValues().render();

		Ingress ingress = manifests.one(Ingress.class);
		List<HTTPIngressPath> paths = ingress.getSpec()
			.getRules()
			.stream()
			.flatMap((rule) -> rule.getHttp().getPaths().stream())
			.toList();
		assertThat(paths).isNotEmpty().allSatisfy((path) -> {
			assertThat(path.getBackend().getService().getName()).isEqualTo("sigil");
			assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("public");
		});
		Service publicService = manifests.get(Service.class, "sigil");
		assertThat(publicService.getSpec().getPorts()).singleElement()
			.satisfies((port) -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("public"));
		assertThat(ingress.getSpec().getDefaultBackend()).isNull();
	}

	@Test
	void templateWhenIngressEnabledThenServesTheHostWithTlsAndTheClass() {
		Ingress ingress = SigilChart.withCiValues().render().one(Ingress.class);

		assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
		assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost).containsExactly("id.example.com");
		assertThat(ingress.getSpec().getTls()).singleElement().satisfies((tls) -> {
			assertThat(tls.getHosts()).containsExactly("id.example.com");
			assertThat(tls.getSecretName()).isEqualTo("sigil-tls");
		});
		assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer",
				"letsencrypt");
	}

	@Test
	void templateWhenIngressDisabledThenMakesNone() {
		assertThat(SigilChart.withRequiredValues().render().all(Ingress.class)).isEmpty();
	}

	@Test
	void templateWhenIngressHasTlsAndNoBaseUrlThenIssuerIsHttpsOnTheHost() {
		ConfigMap config = SigilChart.withRequiredValues()
			.set("issuer.baseUrl", "")
			.set("ingress.enabled", true)
			.set("ingress.host", "issuer.example.org")
			.set("ingress.tls.enabled", true)
			.render()
			.one(ConfigMap.class);

		assertThat(config.getData()).containsEntry("SIGIL_ISSUER_BASE_URL", "https://issuer.example.org");
	}

	@Test
	void templateWhenIngressHasNoTlsAndNoBaseUrlThenIssuerIsHttpOnTheHost() {
		ConfigMap config = SigilChart.withRequiredValues()
			.set("issuer.baseUrl", "")
			.set("ingress.enabled", true)
			.set("ingress.host", "issuer.example.org")
			.render()
			.one(ConfigMap.class);

		assertThat(config.getData()).containsEntry("SIGIL_ISSUER_BASE_URL", "http://issuer.example.org");
	}

	@Test
	void templateWhenBaseUrlGivenThenItWinsOverTheIngressHost() {
		ConfigMap config = SigilChart.withRequiredValues()
			.set("issuer.baseUrl", "https://sts.example.net:8443")
			.set("ingress.enabled", true)
			.set("ingress.host", "issuer.example.org")
			.render()
			.one(ConfigMap.class);

		assertThat(config.getData()).containsEntry("SIGIL_ISSUER_BASE_URL", "https://sts.example.net:8443");
	}

}
