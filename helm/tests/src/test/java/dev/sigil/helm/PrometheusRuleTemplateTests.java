package dev.sigil.helm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PrometheusRule: Sigil's alerts, made only when asked for, selecting this release's
 * series and firing at the thresholds the values give.
 */
class PrometheusRuleTemplateTests {

	private static final String SELECTOR = "namespace=\"identity\", job=\"sigil-metrics\"";

	@Test
	void templateWhenDefaultsThenMakesNoRules() {
		assertThat(SigilChart.withRequiredValues().render().kinds()).doesNotContain("PrometheusRule");
	}

	@Test
	void templateWhenAlertsEnabledThenGroupsTheAlertsForPrometheusRuleSelector() {
		GenericKubernetesResource rule = alerting().set("alerts.labels.release", "prometheus")
			.render()
			.custom("PrometheusRule");

		assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(rule.getMetadata().getNamespace()).isEqualTo(SigilChart.NAMESPACE);
		assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus")
			.containsEntry("app.kubernetes.io/name", "sigil");
		List<Map<String, Object>> groups = rule.get("spec", "groups");
		assertThat(groups).extracting((group) -> group.get("name"))
			.containsExactly("sigil.keys", "sigil.issuance", "sigil.replication", "sigil.availability");
		assertThat(rules(rule)).containsOnlyKeys("SigilSigningKeyNotRotated", "SigilKeyRotationFailing",
				"SigilIssuanceErrors", "SigilAuditWriterFailing", "SigilReplicaFeedLagging", "SigilDown");
	}

	@Test
	void templateWhenAlertsEnabledThenEveryRuleReadsTheSeriesOfTheServiceMonitorsScrapes() {
		Manifests manifests = alerting().render();
		Map<String, Map<String, Object>> rules = rules(manifests.custom("PrometheusRule"));

		assertThat(manifests.get(Service.class, "sigil-metrics")).isNotNull();
		assertThat(rules.values()).allSatisfy((rule) -> assertThat((String) rule.get("expr")).contains(SELECTOR));
		assertThat(rules.get("SigilDown").get("expr")).isEqualTo("up{" + SELECTOR + "} == 0");
	}

	@Test
	void templateWhenDefaultsThenThresholdsFollowTheServersSettings() {
		Map<String, Map<String, Object>> rules = rules(alerting().render().custom("PrometheusRule"));

		assertThat(rules.get("SigilSigningKeyNotRotated").get("expr")).as("30 days and an hour")
			.isEqualTo("max by (namespace, org_id) (sigil_keys_active_age_seconds{" + SELECTOR + "}) > 2595600");
		assertThat(rules.get("SigilReplicaFeedLagging").get("expr")).as("the server's maxLag, 3s")
			.isEqualTo("max by (namespace, pod) (sigil_replication_lag_seconds{" + SELECTOR + "}) > 3");
		assertThat((String) rules.get("SigilIssuanceErrors").get("expr")).endsWith("[5m])) > 0.1");
		assertThat((String) rules.get("SigilAuditWriterFailing").get("expr"))
			.contains("outcome=~\"audit_record_refused|database_unavailable\"")
			.endsWith("[5m])) > 0");
		assertThat(rules.values()).allSatisfy((rule) -> assertThat(rule.get("for")).isEqualTo("5m"));
	}

	@Test
	void templateWhenThresholdsGivenThenRulesUseThem() {
		Map<String, Map<String, Object>> rules = rules(alerting().set("config.keys.rotationPeriod", "7d")
			.set("alerts.signingKeyAgeMargin", "2h")
			.set("alerts.issuanceErrorsPerSecond", 0.5)
			.set("alerts.auditFailuresPerSecond", 2)
			.set("alerts.replicationLagSeconds", 10)
			.set("alerts.for", "15m")
			.render()
			.custom("PrometheusRule"));

		assertThat((String) rules.get("SigilSigningKeyNotRotated").get("expr")).endsWith(") > 612000");
		assertThat((String) rules.get("SigilIssuanceErrors").get("expr")).endsWith(") > 0.5");
		assertThat((String) rules.get("SigilAuditWriterFailing").get("expr")).endsWith(") > 2");
		assertThat((String) rules.get("SigilReplicaFeedLagging").get("expr")).endsWith(") > 10");
		assertThat(rules.values()).allSatisfy((rule) -> assertThat(rule.get("for")).isEqualTo("15m"));
	}

	@Test
	void templateWhenServerMaxLagSetThenReplicaLagAlertsPastIt() {
		Map<String, Map<String, Object>> rules = rules(
				alerting().set("config.replication.maxLag", "1500ms").render().custom("PrometheusRule"));

		assertThat((String) rules.get("SigilReplicaFeedLagging").get("expr")).endsWith(") > 1.500");
	}

	@Test
	void templateWhenSelectorGivenThenRulesNeedNoServiceMonitor() {
		Map<String, Map<String, Object>> rules = rules(SigilChart.withRequiredValues()
			.set("alerts.enabled", true)
			.set("alerts.selector", "job=\"sigil\"")
			.render()
			.custom("PrometheusRule"));

		assertThat(rules.get("SigilDown").get("expr")).isEqualTo("up{job=\"sigil\"} == 0");
		assertThat(rules.values())
			.allSatisfy((rule) -> assertThat((String) rule.get("expr")).doesNotContain("sigil-metrics"));
	}

	@Test
	void templateWhenAlertLabelsGivenThenEveryAlertCarriesThemBesideItsSeverity() {
		Map<String, Map<String, Object>> rules = rules(
				alerting().set("alerts.alertLabels.team", "identity").render().custom("PrometheusRule"));

		assertThat(rules.values()).allSatisfy((rule) -> assertThat(rule.get("labels")).isInstanceOfSatisfying(Map.class,
				(labels) -> assertThat(labels).containsEntry("team", "identity").containsKey("severity")));
		assertThat(((Map<?, ?>) rules.get("SigilDown").get("labels")).get("severity")).isEqualTo("critical");
	}

	@Test
	void templateWhenAlertsEnabledThenDescriptionsKeepPrometheusTemplates() {
		Map<String, Map<String, Object>> rules = rules(alerting().render().custom("PrometheusRule"));

		Map<?, ?> annotations = (Map<?, ?>) rules.get("SigilIssuanceErrors").get("annotations");
		assertThat((String) annotations.get("description")).contains("{{ $labels.org }}", "{{ $value | humanize }}");
	}

	private static SigilChart alerting() {
		return SigilChart.withRequiredValues().set("alerts.enabled", true).set("serviceMonitor.enabled", true);
	}

	/** The rules of every group, by alert name. */
	static Map<String, Map<String, Object>> rules(GenericKubernetesResource rule) {
		List<Map<String, Object>> groups = rule.get("spec", "groups");
		Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
		for (Map<String, Object> group : groups) {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> groupRules = (List<Map<String, Object>>) group.get("rules");
			groupRules.forEach((each) -> rules.put((String) each.get("alert"), each));
		}
		return rules;
	}

}
