package dev.sigil.helm;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NetworkPolicy, on by default: anyone reaches the public port, workloads of any
 * namespace reach the token port, only the namespaces named in
 * {@code networkPolicy.adminNamespaces} reach the admin port (none by default), only the
 * monitoring namespaces reach the management port.
 */
class NetworkPolicyTemplateTests {

	private static final int PUBLIC = 8080;

	private static final int TOKEN = 8081;

	private static final int ADMIN = 8082;

	private static final int MANAGEMENT = 9090;

	@Test
	void templateWhenDefaultsThenMakesTheNetworkPolicy() {
		assertThat(SigilChart.withRequiredValues().render().all(NetworkPolicy.class)).singleElement()
			.satisfies((policy) -> assertThat(policy.getMetadata().getName()).isEqualTo("sigil"));
	}

	@Test
	void templateWhenDefaultsThenAnyoneReachesThePublicPort() {
		NetworkPolicy policy = SigilChart.withRequiredValues().render().one(NetworkPolicy.class);

		NetworkPolicyIngressRule rule = ruleFor(policy, PUBLIC);
		assertThat(rule.getFrom()).as("no source restriction").isNullOrEmpty();
		assertThat(ports(rule)).containsExactly(PUBLIC);
	}

	@Test
	void templateWhenDefaultsThenWorkloadsOfEveryNamespaceReachTheTokenPortOnly() {
		NetworkPolicy policy = SigilChart.withRequiredValues().render().one(NetworkPolicy.class);

		NetworkPolicyIngressRule rule = ruleFor(policy, TOKEN);
		assertThat(ports(rule)).as("the rule that admits workloads opens the token port and nothing else")
			.containsExactly(TOKEN);
		assertThat(rule.getFrom()).singleElement().satisfies((peer) -> {
			assertThat(peer.getPodSelector()).as("any pod").isNull();
			assertThat(peer.getIpBlock()).isNull();
			assertThat(isEmpty(peer.getNamespaceSelector())).as("of any namespace").isTrue();
		});
		assertThat(admittedPorts(policy)).as("every port any source may reach")
			.containsExactlyInAnyOrder(PUBLIC, TOKEN);
		assertThat(openPorts(policy)).as("ports open to every source, in and out of the cluster")
			.containsExactly(PUBLIC);
	}

	@Test
	void templateWhenDefaultsThenNothingReachesTheAdminPort() {
		NetworkPolicy policy = SigilChart.withRequiredValues().render().one(NetworkPolicy.class);

		assertThat(rulesFor(policy, ADMIN)).as("no rule names the admin port, so it is closed to every pod").isEmpty();
		assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
		assertThat(policy.getSpec().getIngress()).allSatisfy((rule) -> assertThat(rule.getPorts())
			.as("a rule without ports would open every port, the admin port too")
			.isNotEmpty());
	}

	@Test
	void templateWhenAdminNamespacesNamedThenOnlyTheyReachTheAdminPort() {
		NetworkPolicy policy = SigilChart.withRequiredValues()
			.set("networkPolicy.adminNamespaces[0]", "platform-admin")
			.set("networkPolicy.adminNamespaces[1]", "security")
			.render()
			.one(NetworkPolicy.class);

		NetworkPolicyIngressRule rule = ruleFor(policy, ADMIN);
		assertThat(ports(rule)).containsExactly(ADMIN);
		assertThat(rule.getFrom()).singleElement().satisfies((peer) -> {
			assertThat(peer.getPodSelector()).isNull();
			assertThat(peer.getIpBlock()).isNull();
			LabelSelector namespaces = peer.getNamespaceSelector();
			assertThat(namespaces.getMatchLabels()).isNullOrEmpty();
			assertThat(namespaces.getMatchExpressions()).singleElement().satisfies((expression) -> {
				assertThat(expression.getKey()).isEqualTo("kubernetes.io/metadata.name");
				assertThat(expression.getOperator()).isEqualTo("In");
				assertThat(expression.getValues()).containsExactly("platform-admin", "security");
			});
		});
		assertThat(ports(ruleFor(policy, TOKEN))).as("workloads still reach the token port only")
			.containsExactly(TOKEN);
		assertThat(openPorts(policy)).containsExactly(PUBLIC);
	}

	@Test
	void templateWhenCiValuesThenOnlyChosenNamespacesReachTheTokenPort() {
		NetworkPolicy policy = SigilChart.withCiValues().render().one(NetworkPolicy.class);

		NetworkPolicyIngressRule rule = ruleFor(policy, TOKEN);
		assertThat(ports(rule)).containsExactly(TOKEN);
		assertThat(rule.getFrom()).singleElement().satisfies((peer) -> {
			assertThat(peer.getPodSelector()).isNull();
			assertThat(peer.getNamespaceSelector().getMatchLabels())
				.isEqualTo(Map.of("kubernetes.io/metadata.name", "workloads"));
		});
	}

	@Test
	void templateWhenCiValuesThenOnlyTheOperatorsNamespaceReachesTheAdminPort() {
		NetworkPolicy policy = SigilChart.withCiValues().render().one(NetworkPolicy.class);

		assertThat(ruleFor(policy, ADMIN).getFrom()).singleElement()
			.extracting(NetworkPolicyPeer::getNamespaceSelector)
			.satisfies((selector) -> assertThat(selector.getMatchExpressions())
				.extracting(LabelSelectorRequirement::getValues)
				.containsExactly(List.of("platform-admin")));
	}

	@Test
	void templateWhenNetworkPolicyEnabledThenOnlyMonitoringReachesTheManagementPort() {
		NetworkPolicy policy = SigilChart.withCiValues().render().one(NetworkPolicy.class);

		NetworkPolicyIngressRule rule = ruleFor(policy, MANAGEMENT);
		assertThat(rule.getFrom()).singleElement()
			.extracting(NetworkPolicyPeer::getNamespaceSelector)
			.satisfies((selector) -> assertThat(selector.getMatchLabels())
				.isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring")));
	}

	@Test
	void templateWhenNoMonitoringNamespacesThenNoPodReachesTheManagementPort() {
		NetworkPolicy policy = SigilChart.withRequiredValues().render().one(NetworkPolicy.class);

		assertThat(rulesFor(policy, MANAGEMENT)).as("the kubelet's probes come from the node, which is always allowed")
			.isEmpty();
	}

	@Test
	void templateWhenNetworkPolicyEnabledThenSelectsTheServerPodsAndLeavesEgressOpen() {
		NetworkPolicy policy = SigilChart.withRequiredValues().render().one(NetworkPolicy.class);

		assertThat(policy.getSpec().getPodSelector().getMatchLabels())
			.containsEntry("app.kubernetes.io/instance", SigilChart.RELEASE)
			.containsEntry("app.kubernetes.io/component", "server");
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
	}

	@Test
	void templateWhenPortsChangedThenThePolicyFollows() {
		NetworkPolicy policy = SigilChart.withCiValues()
			.set("ports.public", 18080)
			.set("ports.internal", 18081)
			.set("ports.admin", 18082)
			.set("ports.management", 19090)
			.render()
			.one(NetworkPolicy.class);

		assertThat(policy.getSpec().getIngress()).flatExtracting(NetworkPolicyTemplateTests::ports)
			.containsExactly(18080, 18081, 18082, 19090);
	}

	@Test
	void templateWhenNetworkPolicyDisabledThenMakesNone() {
		assertThat(
				SigilChart.withRequiredValues().set("networkPolicy.enabled", false).render().all(NetworkPolicy.class))
			.isEmpty();
	}

	@Test
	void templateWhenAnAdminNamespaceIsNotANamespaceNameThenTheSchemaRefusesIt() {
		String message = SigilChart.withRequiredValues()
			.set("networkPolicy.adminNamespaces[0]", "Platform Admin")
			.renderFailure();

		assertThat(message).contains("networkPolicy.adminNamespaces");
	}

	private static NetworkPolicyIngressRule ruleFor(NetworkPolicy policy, int port) {
		List<NetworkPolicyIngressRule> rules = rulesFor(policy, port);
		assertThat(rules).as("rules for port %d", port).hasSize(1);
		return rules.get(0);
	}

	private static List<NetworkPolicyIngressRule> rulesFor(NetworkPolicy policy, int port) {
		return policy.getSpec().getIngress().stream().filter((rule) -> ports(rule).contains(port)).toList();
	}

	/** The ports some source may reach. */
	private static List<Integer> admittedPorts(NetworkPolicy policy) {
		return policy.getSpec().getIngress().stream().flatMap((rule) -> ports(rule).stream()).toList();
	}

	/** The ports of the rules that name no source: open to anyone. */
	private static List<Integer> openPorts(NetworkPolicy policy) {
		return policy.getSpec()
			.getIngress()
			.stream()
			.filter((rule) -> rule.getFrom() == null || rule.getFrom().isEmpty())
			.flatMap((rule) -> ports(rule).stream())
			.toList();
	}

	private static List<Integer> ports(NetworkPolicyIngressRule rule) {
		return rule.getPorts().stream().map((port) -> port.getPort().getIntVal()).toList();
	}

	private static boolean isEmpty(LabelSelector selector) {
		return selector != null && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
				&& (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
	}

}
