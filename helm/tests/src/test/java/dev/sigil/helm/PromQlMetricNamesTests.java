package dev.sigil.helm;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loose reading of metric names out of PromQL, on the shapes the dashboard and the
 * rules use.
 */
class PromQlMetricNamesTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', textBlock = """
			sum by (org, outcome) (rate(a_total{job="$job", outcome=~"error|internal"}[$__rate_interval])) ; a_total
			histogram_quantile(0.99, sum by (le) (rate(b_seconds_bucket{namespace="x"}[5m]))) ; b_seconds_bucket
			max by (pod) (c_seconds{job="j"}) > 2595600 ; c_seconds
			max(c_seconds) > 3 ; c_seconds
			up{namespace="identity", job="sigil-metrics"} == 0 ; up
			sum(rate(d_sum[5m])) / sum(rate(d_count[5m])) ; d_count d_sum
			label_values(e_total{namespace="$namespace"}, job) ; e_total
			label_values(e_total, namespace) ; e_total
			f_bytes{area="heap"} and on (pod) g_info ; f_bytes g_info
			""")
	void ofWhenExpressionReadThenFindsTheMetricsAndNothingElse(String expression, String expected) {
		Set<String> names = Arrays.stream(expected.split(" ")).collect(Collectors.toSet());

		assertThat(PromQlMetricNames.of(expression)).containsExactlyInAnyOrderElementsOf(names);
	}

}
