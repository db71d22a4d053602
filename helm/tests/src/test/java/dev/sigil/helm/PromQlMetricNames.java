package dev.sigil.helm;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana variable query) reads, found
 * loosely: a name followed by a selector, a range, white space, a comma, a closing
 * parenthesis or the end, once strings, Grafana variables and grouping clauses are taken
 * out and functions and keywords left aside. Loose, but it errs towards finding too much:
 * a name it finds that is not a metric fails the check against {@code files/metrics.txt}
 * rather than slipping past it.
 */
final class PromQlMetricNames {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*(?::[a-z]+)?}?");

	/**
	 * {@code by (org, outcome)}, {@code on (pod)}, {@code group_left (org)}: label names,
	 * not metrics.
	 */
	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	/**
	 * Grafana's {@code label_values(selector, label)}: the second argument is a label.
	 */
	private static final Pattern LABEL_VALUES = Pattern
		.compile("^\\s*label_values\\((.*?)(?:,\\s*[A-Za-z_][A-Za-z0-9_]*)?\\s*\\)\\s*$", Pattern.DOTALL);

	private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:.])([a-z_:][a-z0-9_:]*)(?=[{\\[\\s,)]|$)");

	private static final Set<String> NOT_METRICS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "bool", "and", "or", "unless", "offset", "atan2", "sum", "min", "max", "avg", "count",
			"stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group", "rate", "irate", "increase",
			"delta", "idelta", "deriv", "histogram_quantile", "abs", "absent", "ceil", "floor", "round", "clamp",
			"clamp_min", "clamp_max", "vector", "scalar", "time", "timestamp", "sort", "sort_desc", "predict_linear",
			"resets", "changes", "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
			"last_over_time", "quantile_over_time", "absent_over_time", "label_replace", "label_join", "ln", "log2",
			"log10", "exp", "sqrt", "inf", "nan");

	private PromQlMetricNames() {
	}

	static Set<String> of(String expression) {
		String text = STRING.matcher(expression).replaceAll("\"\"");
		Matcher labelValues = LABEL_VALUES.matcher(text);
		if (labelValues.matches()) {
			text = labelValues.group(1);
		}
		text = GRAFANA_VARIABLE.matcher(text).replaceAll(" ");
		text = GROUPING.matcher(text).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher name = NAME.matcher(text);
		while (name.find()) {
			if (!NOT_METRICS.contains(name.group(1))) {
				names.add(name.group(1));
			}
		}
		return names;
	}

}
