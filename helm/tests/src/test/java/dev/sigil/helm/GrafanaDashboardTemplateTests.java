package dev.sigil.helm;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard: a ConfigMap for Grafana's dashboard sidecar, made only when
 * asked for, with the panels an operator of Sigil watches.
 */
class GrafanaDashboardTemplateTests {

	@Test
	void templateWhenDefaultsThenMakesNoDashboard() {
		Manifests manifests = SigilChart.withRequiredValues().render();

		assertThat(manifests.names()).doesNotContain("ConfigMap/sigil-dashboard");
		assertThat(manifests.all(ConfigMap.class)).allSatisfy(
				(config) -> assertThat(config.getMetadata().getLabels()).doesNotContainKey("grafana_dashboard"));
	}

	@Test
	void templateWhenDashboardsEnabledThenTheSidecarFindsAConfigMapWithTheDashboard() {
		ConfigMap config = SigilChart.withRequiredValues()
			.set("dashboards.enabled", true)
			.render()
			.get(ConfigMap.class, "sigil-dashboard");

		assertThat(config.getMetadata().getNamespace()).isEqualTo(SigilChart.NAMESPACE);
		assertThat(config.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1")
			.containsEntry("app.kubernetes.io/component", "dashboard");
		assertThat(config.getData()).containsOnlyKeys("sigil.json");
		JsonNode dashboard = dashboard(config);
		assertThat(dashboard.path("uid").asString()).isEqualTo("sigil-overview");
		assertThat(panelTitles(dashboard)).contains("Tokens per second by org and outcome",
				"Issuance latency p50 by org and outcome", "Issuance latency p99 by org and outcome",
				"Audit writer batch size", "Audit writer lag", "Active signing key age per org",
				"Change-feed lag per replica", "JVM memory per replica", "JVM garbage collection per replica");
	}

	@Test
	void templateWhenDashboardsEnabledThenEveryPanelQueriesTheChosenDataSource() {
		JsonNode dashboard = dashboard(SigilChart.withRequiredValues()
			.set("dashboards.enabled", true)
			.render()
			.get(ConfigMap.class, "sigil-dashboard"));

		List<JsonNode> graphs = new ArrayList<>();
		dashboard.path("panels").forEach((panel) -> {
			if (!"row".equals(panel.path("type").asString())) {
				graphs.add(panel);
			}
		});
		assertThat(graphs).hasSizeGreaterThanOrEqualTo(9).allSatisfy((panel) -> {
			assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
			assertThat(panel.path("targets").isEmpty()).as("targets of %s", panel.path("title")).isFalse();
			panel.path("targets")
				.forEach((target) -> assertThat(target.path("expr").asString()).contains("namespace=\"$namespace\"",
						"job=\"$job\""));
		});
	}

	@Test
	void templateWhenDashboardsEnabledThenLatencyPanelsReadTheIssuanceHistogramByOrgAndOutcome() {
		JsonNode dashboard = dashboard(SigilChart.withRequiredValues()
			.set("dashboards.enabled", true)
			.render()
			.get(ConfigMap.class, "sigil-dashboard"));

		assertThat(expression(dashboard, "Issuance latency p50 by org and outcome"))
			.startsWith("histogram_quantile(0.5, ")
			.contains("sum by (le, org, outcome)", "sigil_tokens_issue_seconds_bucket{");
		assertThat(expression(dashboard, "Issuance latency p99 by org and outcome"))
			.startsWith("histogram_quantile(0.99, ")
			.contains("sum by (le, org, outcome)", "sigil_tokens_issue_seconds_bucket{");
	}

	@Test
	void templateWhenSidecarLabelNamespaceAndFolderGivenThenUsesThem() {
		ConfigMap config = SigilChart.withRequiredValues()
			.set("dashboards.enabled", true)
			.set("dashboards.labelKey", "sigil.dev/dashboard")
			.set("dashboards.labelValue", "yes")
			.set("dashboards.namespace", "monitoring")
			.set("dashboards.annotations.grafana_folder", "Identity")
			.render()
			.get(ConfigMap.class, "sigil-dashboard");

		assertThat(config.getMetadata().getNamespace()).isEqualTo("monitoring");
		assertThat(config.getMetadata().getLabels()).containsEntry("sigil.dev/dashboard", "yes")
			.doesNotContainKey("grafana_dashboard");
		assertThat(config.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Identity");
	}

	@Test
	void templateWhenDefaultsThenTheServerPublishesTheIssuanceLatencyHistogram() {
		ConfigMap config = SigilChart.withRequiredValues().render().get(ConfigMap.class, "sigil");

		assertThat(config.getData()).containsEntry("MANAGEMENT_METRICS_DISTRIBUTION_SLO_SIGIL_TOKENS_ISSUE",
				"1ms,2ms,5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s");
	}

	@Test
	void templateWhenNoLatencyBucketsThenTheServerKeepsItsDefault() {
		ConfigMap config = SigilChart.withRequiredValues().values("""
				config:
				  metrics:
				    issueLatencyBuckets: []
				""").render().get(ConfigMap.class, "sigil");

		assertThat(config.getData()).doesNotContainKey("MANAGEMENT_METRICS_DISTRIBUTION_SLO_SIGIL_TOKENS_ISSUE");
	}

	static JsonNode dashboard(ConfigMap config) {
		return JsonMapper.builder().build().readTree(config.getData().get("sigil.json"));
	}

	private static List<String> panelTitles(JsonNode dashboard) {
		List<String> titles = new ArrayList<>();
		dashboard.path("panels").forEach((panel) -> titles.add(panel.path("title").asString()));
		return titles;
	}

	private static String expression(JsonNode dashboard, String title) {
		for (JsonNode panel : dashboard.path("panels")) {
			if (title.equals(panel.path("title").asString())) {
				return panel.path("targets").path(0).path("expr").asString();
			}
		}
		throw new AssertionError("No panel " + title + " in " + panelTitles(dashboard));
	}

}
