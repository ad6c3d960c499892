package com.epithre.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import com.epithre.benchmarks.compare.CompareAll.Measurement;

/**
 * Draws the report as a hand-written SVG: horizontal bars of the medians with min-max whiskers, one panel for CPU per
 * chunk, one for TTFT p99 per fan-out size (log scale), one for peak threads and one for peak RSS at the largest
 * fan-out.
 */
final class ComparisonChart {

	private static final int WIDTH = 900;

	private static final int LABEL_WIDTH = 190;

	private static final int BAR_HEIGHT = 16;

	private static final int BAR_GAP = 4;

	private static final String[] COLORS = { "#2e7d32", "#9e9e9e", "#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457" };

	private ComparisonChart() {
	}

	static String svg(Report report) {
		List<String> clients = report.clients();
		List<String> panels = new ArrayList<>();
		List<Bar> cpu = new ArrayList<>();
		for (String client : clients) {
			cpu.add(bar(client, client, report.of(client, "throughput"), Measurement::cpuMicrosPerChunk, clients));
		}
		panels.add(panel("Client CPU per chunk, µs (throughput, lower is better)", cpu, false));
		List<String> fanouts = report.labels("fanout-");
		List<Bar> ttft = new ArrayList<>();
		for (String label : fanouts) {
			for (String client : clients) {
				ttft.add(bar(client + " @" + label.substring("fanout-".length()), client, report.of(client, label),
						(m) -> m.ttftMillis(0.99), clients));
			}
		}
		panels.add(panel("TTFT p99 by concurrent streams, ms (log scale)", ttft, true));
		if (!fanouts.isEmpty()) {
			String largest = fanouts.get(fanouts.size() - 1);
			String streams = largest.substring("fanout-".length());
			List<Bar> threads = new ArrayList<>();
			List<Bar> rss = new ArrayList<>();
			for (String client : clients) {
				threads.add(bar(client, client, report.of(client, largest), (m) -> m.peakThreads(), clients));
				rss.add(bar(client, client, report.of(client, largest), (m) -> m.peakRssKb() / 1024.0, clients));
			}
			panels.add(panel("Peak threads at " + streams + " streams (log scale)", threads, true));
			panels.add(panel("Peak RSS at " + streams + " streams, MB", rss, false));
		}
		StringBuilder svg = new StringBuilder();
		int y = 40;
		StringBuilder body = new StringBuilder();
		for (String panel : panels) {
			int height = Integer.parseInt(panel.substring(0, panel.indexOf('\n')));
			body.append("<g transform=\"translate(0,").append(y).append(")\">\n")
				.append(panel.substring(panel.indexOf('\n') + 1))
				.append("</g>\n");
			y += height + 20;
		}
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(y)
			.append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		svg.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">")
			.append(escape("Epithre client vs. other JVM clients: median of " + report.config().reps()
					+ " runs, whiskers min-max"))
			.append("</text>\n");
		svg.append(body);
		svg.append("<text x=\"10\" y=\"").append(y - 6).append("\" font-size=\"10\" fill=\"#555\">")
			.append(escape(report.machine()))
			.append("</text>\n</svg>\n");
		return svg.toString();
	}

	private static Bar bar(String label, String client, List<Measurement> runs, ToDoubleFunction<Measurement> metric,
			List<String> clients) {
		double[] values = runs.stream().mapToDouble(metric).filter((v) -> !Double.isNaN(v) && v > 0).sorted().toArray();
		String color = COLORS[Math.max(0, clients.indexOf(client)) % COLORS.length];
		if (values.length == 0) {
			return new Bar(label, Double.NaN, Double.NaN, Double.NaN, color);
		}
		return new Bar(label, Report.median(runs, metric), values[0], values[values.length - 1], color);
	}

	/**
	 * Return the panel's height, a newline, then its SVG elements.
	 */
	private static String panel(String title, List<Bar> bars, boolean log) {
		double max = bars.stream().mapToDouble(Bar::max).filter((v) -> !Double.isNaN(v)).max().orElse(1);
		double min = bars.stream().mapToDouble(Bar::min).filter((v) -> !Double.isNaN(v) && v > 0).min().orElse(1);
		double low = log ? Math.pow(10, Math.floor(Math.log10(min))) : 0;
		double high = log ? Math.pow(10, Math.ceil(Math.log10(max))) : max * 1.1;
		int plotWidth = WIDTH - LABEL_WIDTH - 90;
		StringBuilder svg = new StringBuilder();
		svg.append("<text x=\"10\" y=\"0\" font-weight=\"bold\">").append(escape(title)).append("</text>\n");
		int y = 10;
		for (Bar bar : bars) {
			svg.append("<text x=\"").append(LABEL_WIDTH - 6).append("\" y=\"").append(y + BAR_HEIGHT - 4)
				.append("\" text-anchor=\"end\">").append(escape(bar.label())).append("</text>\n");
			if (Double.isNaN(bar.median())) {
				svg.append("<text x=\"").append(LABEL_WIDTH + 4).append("\" y=\"").append(y + BAR_HEIGHT - 4)
					.append("\" fill=\"#b00\">no result</text>\n");
			}
			else {
				double width = scale(bar.median(), low, high, log) * plotWidth;
				double whiskerFrom = LABEL_WIDTH + scale(bar.min(), low, high, log) * plotWidth;
				double whiskerTo = LABEL_WIDTH + scale(bar.max(), low, high, log) * plotWidth;
				int middle = y + BAR_HEIGHT / 2;
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", LABEL_WIDTH, y,
						Math.max(1, width), BAR_HEIGHT, bar.color()));
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>\n", whiskerFrom, middle,
						whiskerTo, middle));
				svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>\n",
						Math.max(LABEL_WIDTH + width, whiskerTo) + 4, y + BAR_HEIGHT - 4, format(bar.median())));
			}
			y += BAR_HEIGHT + BAR_GAP;
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>\n",
				LABEL_WIDTH, y + 10, escape("axis " + format(low) + " to " + format(high) + (log ? ", log" : ""))));
		return (y + 14) + "\n" + svg;
	}

	private static double scale(double value, double low, double high, boolean log) {
		if (log) {
			return Math.max(0, Math.log10(value / low) / Math.log10(high / low));
		}
		return Math.max(0, (value - low) / (high - low));
	}

	private static String format(double value) {
		return (value >= 100) ? String.format(Locale.ROOT, "%.0f", value)
				: (value >= 10) ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private record Bar(String label, double median, double min, double max, String color) {

	}

}
