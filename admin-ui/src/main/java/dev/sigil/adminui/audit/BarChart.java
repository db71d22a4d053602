package dev.sigil.adminui.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.springframework.web.util.HtmlUtils;

/**
 * Draws tokens issued per time bucket as an SVG bar chart, on the server: no script and
 * nothing fetched from another host.
 */
final class BarChart {

	private static final int WIDTH = 960;

	private static final int HEIGHT = 240;

	private static final int LEFT = 56;

	private static final int BOTTOM = 28;

	private static final int TOP = 12;

	private BarChart() {
	}

	/**
	 * One bar per bucket, in order; the label format is applied to each bucket's start in
	 * UTC.
	 */
	static String svg(List<Instant> buckets, List<Long> counts, DateTimeFormatter labels, int labelEvery) {
		long most = Math.max(1, counts.stream().mapToLong(Long::longValue).max().orElse(1));
		// Whole-number ticks, each a different value: at most four steps, of at least one
		// token.
		int ticks = (int) Math.min(4, most);
		long step = (most + ticks - 1) / ticks;
		long max = step * ticks;
		int plotWidth = WIDTH - LEFT - 8;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		double slot = (double) plotWidth / Math.max(1, buckets.size());
		StringBuilder svg = new StringBuilder();
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
			.append(WIDTH)
			.append(' ')
			.append(HEIGHT)
			.append("\" aria-label=\"Tokens issued over time\">");
		svg.append("<line class=\"axis\" x1=\"")
			.append(LEFT)
			.append("\" y1=\"")
			.append(TOP + plotHeight)
			.append("\" x2=\"")
			.append(WIDTH - 8)
			.append("\" y2=\"")
			.append(TOP + plotHeight)
			.append("\"/>");
		for (int tick = 0; tick <= ticks; tick++) {
			long value = step * tick;
			double y = TOP + plotHeight - (plotHeight * (double) tick / ticks);
			svg.append("<text class=\"tick\" x=\"")
				.append(LEFT - 6)
				.append("\" y=\"")
				.append(format(y + 4))
				.append("\" text-anchor=\"end\">")
				.append(value)
				.append("</text>");
			svg.append("<line class=\"grid\" x1=\"")
				.append(LEFT)
				.append("\" y1=\"")
				.append(format(y))
				.append("\" x2=\"")
				.append(WIDTH - 8)
				.append("\" y2=\"")
				.append(format(y))
				.append("\"/>");
		}
		for (int i = 0; i < buckets.size(); i++) {
			long count = counts.get(i);
			double height = plotHeight * (double) count / max;
			double x = LEFT + i * slot + slot * 0.1;
			String label = labels.format(buckets.get(i).atOffset(ZoneOffset.UTC));
			svg.append("<rect class=\"bar\" x=\"")
				.append(format(x))
				.append("\" y=\"")
				.append(format(TOP + plotHeight - height))
				.append("\" width=\"")
				.append(format(slot * 0.8))
				.append("\" height=\"")
				.append(format(height))
				.append("\"><title>")
				.append(HtmlUtils.htmlEscape(label))
				.append(": ")
				.append(count)
				.append(" tokens</title></rect>");
			if (i % labelEvery == 0) {
				svg.append("<text class=\"label\" x=\"")
					.append(format(x + slot * 0.4))
					.append("\" y=\"")
					.append(HEIGHT - 8)
					.append("\" text-anchor=\"middle\">")
					.append(HtmlUtils.htmlEscape(label))
					.append("</text>");
			}
		}
		return svg.append("</svg>").toString();
	}

	private static String format(double value) {
		return String.format(java.util.Locale.ROOT, "%.1f", value);
	}

}
