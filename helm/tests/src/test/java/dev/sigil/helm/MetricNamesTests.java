package dev.sigil.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code files/metrics.txt}: every series the dashboard and the alerts read, by the name
 * the server exposes on {@code /actuator/prometheus}, so that a test of the running
 * server can check each. The one exception is {@code up}, which Prometheus writes for
 * every scrape.
 */
class MetricNamesTests {

	/** Series Prometheus itself writes, never found on the server. */
	private static final Set<String> SCRAPE_SERIES = Set.of("up");

	@Test
	void metricsListWhenReadThenOneSortedPrometheusNameALine() throws IOException {
		List<String> lines = Files.readAllLines(SigilChart.directory().resolve("files/metrics.txt"));

		assertThat(lines).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).matches("[a-z_:][a-z0-9_:]*"))
			.doesNotHaveDuplicates()
			.isSorted();
	}

	@Test
	void dashboardWhenReadThenEveryMetricItQueriesIsListed() throws IOException {
		Set<String> queried = new TreeSet<>();
		dashboardQueries().forEach((query) -> queried.addAll(PromQlMetricNames.of(query)));

		assertThat(queried).isNotEmpty().isSubsetOf(listed());
	}

	@Test
	void alertsWhenRenderedThenEveryMetricTheyReadIsListed() throws IOException {
		Set<String> read = new TreeSet<>();
		alertExpressions().forEach((expression) -> read.addAll(PromQlMetricNames.of(expression)));
		read.removeAll(SCRAPE_SERIES);

		assertThat(read).isNotEmpty().isSubsetOf(listed());
	}

	@Test
	void metricsListWhenReadThenEveryNameIsQueriedSomewhere() throws IOException {
		Set<String> used = new TreeSet<>();
		dashboardQueries().forEach((query) -> used.addAll(PromQlMetricNames.of(query)));
		alertExpressions().forEach((expression) -> used.addAll(PromQlMetricNames.of(expression)));

		assertThat(listed()).as("names no query reads").isSubsetOf(used);
	}

	private static Set<String> listed() throws IOException {
		return new TreeSet<>(Files.readAllLines(SigilChart.directory().resolve("files/metrics.txt")));
	}

	/** The expressions of every panel and the queries of the template variables. */
	private static List<String> dashboardQueries() throws IOException {
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(Files.readString(SigilChart.directory().resolve("files/dashboards/sigil.json")));
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panel.path("targets").forEach((target) -> queries.add(target.path("expr").asString()));
		}
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if ("query".equals(variable.path("type").asString())) {
				queries.add(variable.path("query").path("query").asString());
			}
		}
		assertThat(queries).isNotEmpty().doesNotContain("");
		return queries;
	}

	private static List<String> alertExpressions() {
		return PrometheusRuleTemplateTests
			.rules(SigilChart.withRequiredValues()
				.set("alerts.enabled", true)
				.set("serviceMonitor.enabled", true)
				.render()
				.custom("PrometheusRule"))
			.values()
			.stream()
			.map((Map<String, Object> rule) -> (String) rule.get("expr"))
			.toList();
	}

}
