package dev.sigil.helm;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Services: the public issuer documents, a ClusterIP Service for the machine token
 * API, another for the management API and the admin UI, and the management port for
 * probes and metrics only.
 */
class ServiceTemplateTests {

	@Test
	void templateWhenDefaultsThenInternalApiHasAClusterIpServiceOfItsOwn() {
		Service internal = SigilChart.withRequiredValues().render().get(Service.class, "sigil-internal");

		assertThat(internal.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(internal.getSpec().getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getPort()).isEqualTo(8081);
			assertThat(port.getTargetPort().getStrVal()).isEqualTo("internal");
		});
		assertThat(internal.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "server");
	}

	@Test
	void templateWhenDefaultsThenTheAdminPortHasAClusterIpServiceOfItsOwn() {
		Service admin = SigilChart.withRequiredValues().render().get(Service.class, "sigil-admin");

		assertThat(admin.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(admin.getSpec().getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getName()).isEqualTo("admin");
			assertThat(port.getPort()).isEqualTo(8082);
			assertThat(port.getTargetPort().getStrVal()).isEqualTo("admin");
		});
		assertThat(admin.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "server");
	}

	@Test
	void templateWhenAdminServiceConfiguredThenPortAndAnnotationsFollow() {
		Service admin = SigilChart.withRequiredValues()
			.set("adminService.port", 443)
			.set("adminService.annotations.team", "platform")
			.render()
			.get(Service.class, "sigil-admin");

		assertThat(admin.getSpec().getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getPort()).isEqualTo(443);
			assertThat(port.getTargetPort().getStrVal()).isEqualTo("admin");
		});
		assertThat(admin.getMetadata().getAnnotations()).containsEntry("team", "platform");
	}

	@Test
	void templateWhenPublicServiceIsALoadBalancerThenTheInternalAndAdminServicesStayClusterIp() {
		Manifests manifests = SigilChart.withRequiredValues().set("service.type", "LoadBalancer").render();

		assertThat(manifests.get(Service.class, "sigil").getSpec().getType()).isEqualTo("LoadBalancer");
		assertThat(manifests.get(Service.class, "sigil-internal").getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(manifests.get(Service.class, "sigil-admin").getSpec().getType()).isEqualTo("ClusterIP");
	}

	@Test
	void templateWhenNoServiceMonitorThenNoServiceExposesTheManagementPort() {
		List<Service> services = SigilChart.withRequiredValues().render().all(Service.class);

		assertThat(services).flatExtracting((service) -> service.getSpec().getPorts())
			.extracting((ServicePort port) -> port.getTargetPort().getStrVal())
			.containsExactlyInAnyOrder("public", "internal", "admin");
	}

	@Test
	void templateWhenServiceMonitorEnabledThenItScrapesPrometheusOnTheManagementPort() {
		Manifests manifests = SigilChart.withCiValues().render();

		Service metrics = manifests.get(Service.class, "sigil-metrics");
		assertThat(metrics.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(metrics.getSpec().getPorts()).singleElement()
			.satisfies((port) -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("management"));
		GenericKubernetesResource monitor = manifests.custom("ServiceMonitor");
		assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
		List<?> endpoints = monitor.get("spec", "endpoints");
		assertThat(endpoints).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("port", "management")
				.containsEntry("path", "/actuator/prometheus"));
		Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
		assertThat(selector).containsEntry("app.kubernetes.io/component", "metrics");
		assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selector);
		assertThat(manifests.get(Service.class, "sigil").getMetadata().getLabels())
			.as("the ServiceMonitor selects the metrics Service alone")
			.doesNotContainEntry("app.kubernetes.io/component", "metrics");
	}

}
