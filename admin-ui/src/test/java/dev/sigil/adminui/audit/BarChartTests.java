package dev.sigil.adminui.audit;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BarChartTests {

	private static final Pattern TICK = Pattern.compile("<text class=\"tick\"[^>]*>(\\d+)</text>");

	@ParameterizedTest
	@CsvSource({ "1, '0,1'", "3, '0,1,2,3'", "4, '0,1,2,3,4'", "10, '0,3,6,9,12'", "0, '0,1'" })
	void svgWhenMostIsSmallThenEveryTickIsADifferentWholeNumber(long most, String expected) {
		List<Instant> buckets = List.of(Instant.parse("2026-11-30T10:00:00Z"), Instant.parse("2026-11-30T11:00:00Z"));
		String svg = BarChart.svg(buckets, List.of(most, 0L), DateTimeFormatter.ofPattern("HH"), 1);
		List<String> ticks = new ArrayList<>();
		Matcher matcher = TICK.matcher(svg);
		while (matcher.find()) {
			ticks.add(matcher.group(1));
		}
		assertThat(String.join(",", ticks)).isEqualTo(expected);
	}

}
