package dev.sigil.helm;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NetworkPolicy: anyone reaches the public port, only the chosen namespaces reach the internal
 * port, only the monitoring namespaces reach the management port.
 */
class NetworkPolicyTemplateTests {

	@Test
	void templateWhenNetworkPolicyEnabledThenAnyoneReachesThePublicPort() {
		NetworkPolicy policy = SigilChart.withCiValues().render().one(NetworkPolicy.class);

		NetworkPolicyIngressRule rule = ruleFor(policy, 8080);
		assertThat(rule.getFrom()).as("no source restriction").isNullOrEmpty();
		assertThat(rule.getPorts()).hasSize(1);
	}

	@Test
	void templateWhenNetworkPolicyEnabledThenOnlyChosenNamespacesReachTheInternalPort() {
		NetworkPolicy policy = SigilChart.withCiValues().render().one(NetworkPolicy.class);

		NetworkPolicyIngressRule rule = ruleFor(policy, 8081);
		assertThat(rule.getPorts()).hasSize(1);
		assertThat(rule.getFrom()).hasSize(2);
		assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels()).as("the release namespace's pods")
			.isNullOrEmpty();
		assertThat(rule.getFrom().get(0).getNamespaceSelector()).isNull();
		assertThat(rule.getFrom().get(1).getNamespaceSelector().getMatchLabels())
			.isEqualTo(Map.of("kubernetes.io/metadata.name", "workloads"));
	}

	@Test
	void templateWhenNetworkPolicyEnabledThenOnlyMonitoringReachesTheManagementPort() {
		NetworkPolicy policy = SigilChart.withCiValues().render().one(NetworkPolicy.class);

		NetworkPolicyIngressRule rule = ruleFor(policy, 9090);
		assertThat(rule.getFrom()).singleElement().extracting(NetworkPolicyPeer::getNamespaceSelector)
			.satisfies((selector) -> assertThat(selector.getMatchLabels())
				.isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring")));
	}

	@Test
	void templateWhenNetworkPolicyEnabledThenSelectsTheServerPodsAndLeavesEgressOpen() {
		NetworkPolicy policy = SigilChart.withCiValues().render().one(NetworkPolicy.class);

		assertThat(policy.getSpec().getPodSelector().getMatchLabels())
			.containsEntry("app.kubernetes.io/instance", SigilChart.RELEASE)
			.containsEntry("app.kubernetes.io/component", "server");
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
	}

	@Test
	void templateWhenSameNamespaceNotAllowedAndNoSelectorsThenNothingReachesTheInternalPort() {
		NetworkPolicy policy = SigilChart.withRequiredValues()
			.set("networkPolicy.enabled", true)
			.set("networkPolicy.allowSameNamespace", false)
			.render()
			.one(NetworkPolicy.class);

		assertThat(policy.getSpec().getIngress()).hasSize(1);
		assertThat(ports(policy.getSpec().getIngress().get(0))).containsExactly(8080);
	}

	@Test
	void templateWhenPortsChangedThenThePolicyFollows() {
		NetworkPolicy policy = SigilChart.withCiValues()
			.set("ports.public", 18080)
			.set("ports.internal", 18081)
			.set("ports.management", 19090)
			.render()
			.one(NetworkPolicy.class);

		assertThat(policy.getSpec().getIngress()).flatExtracting(NetworkPolicyTemplateTests::ports)
			.containsExactly(18080, 18081, 19090);
	}

	@Test
	void templateWhenNetworkPolicyDisabledThenMakesNone() {
		assertThat(SigilChart.withRequiredValues().render().all(NetworkPolicy.class)).isEmpty();
	}

	private static NetworkPolicyIngressRule ruleFor(NetworkPolicy policy, int port) {
		List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress().stream()
			.filter((rule) -> ports(rule).contains(port))
			.toList();
		assertThat(rules).as("rules for port %d", port).hasSize(1);
		return rules.get(0);
	}

	private static List<Integer> ports(NetworkPolicyIngressRule rule) {
		return rule.getPorts().stream().map((port) -> port.getPort().getIntVal()).toList();
	}

}
