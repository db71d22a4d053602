package dev.sigil.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's README documents every value in the table of its Values section, and names
 * no value the chart does not have.
 */
class ValuesDocumentationTests {

	/** A row of the values table: {@code | `key` | type | default | description |}. */
	private static final Pattern ROW = Pattern
		.compile("^\\|\\s*`([A-Za-z0-9.]+)`\\s*\\|([^|]*)\\|([^|]*)\\|(.*)\\|\\s*$", Pattern.MULTILINE);

	@Test
	void readmeWhenReadThenEveryValueHasADescribedRow() throws IOException {
		Map<String, String> rows = rows();

		assertThat(rows.keySet()).as("values without a row in the README").containsAll(ValueTree.chartValuePaths());
		assertThat(rows)
			.allSatisfy((key, description) -> assertThat(description).as("description of %s", key).isNotBlank());
	}

	@Test
	void readmeWhenReadThenEveryRowNamesARealValue() throws IOException {
		List<String> values = ValueTree.chartValuePaths();

		assertThat(rows().keySet()).as("rows for values the chart does not have").isSubsetOf(values);
	}

	private static Map<String, String> rows() throws IOException {
		String readme = Files.readString(SigilChart.directory().resolve("README.md"));
		int start = readme.indexOf("\n## Values\n");
		assertThat(start).as("a Values section in the README").isNotNegative();
		int end = readme.indexOf("\n## ", start + 1);
		String section = readme.substring(start, (end < 0) ? readme.length() : end);
		Map<String, String> rows = new LinkedHashMap<>();
		Matcher matcher = ROW.matcher(section);
		while (matcher.find()) {
			rows.put(matcher.group(1), matcher.group(4).strip());
		}
		return rows;
	}

}
