package com.epithre.benchmarks.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import com.epithre.benchmarks.compare.CompareAll.Config;
import com.epithre.benchmarks.compare.CompareAll.Measurement;
import com.epithre.benchmarks.compare.CompareAll.Scenario;

/**
 * The figures of one comparison run as Markdown tables, with each value the median over the repetitions and the
 * minimum and maximum beside it, and the targets checked against them.
 *
 * @param config what was run
 * @param machine where it ran
 * @param measurements every scenario of every client process
 * @param took how long the whole run took
 * @since 0.1.0
 */
public record Report(Config config, String machine, List<Measurement> measurements, Duration took) {

	static final String OURS = "epithre";

	static final String FLOOR = "floor";

	/** The Epithre client of the baseline commit, when the run has one ({@code BASELINE=<git-ref>}). */
	static final String PREVIOUS = CompareAll.ClientSpec.PREVIOUS;

	/** A plain {@code WebClient} with Spring's SSE reader and one Jackson read per chunk. */
	static final String IDIOMATIC = "idiomatic";

	/** Issue 20: each figure of the client at most this many times the previous client's at the largest fan-out. */
	static final double PREVIOUS_FACTOR = 1.25;

	/** Issue 20: CPU per chunk at most this many times the best peer's. */
	static final double BEST_PEER_FACTOR = 0.75;

	/** Labels of the throughput scenarios start with this. */
	static final String THROUGHPUT = "throughput";

	/**
	 * Return the client names in run order.
	 * @return the clients
	 */
	public List<String> clients() {
		Set<String> clients = new LinkedHashSet<>();
		List.of(OURS, PREVIOUS, IDIOMATIC, FLOOR, "spring-ai", "openai-java", "langchain4j").forEach((name) -> {
			if (this.measurements.stream().anyMatch((m) -> m.client().equals(name))) {
				clients.add(name);
			}
		});
		this.measurements.forEach((m) -> clients.add(m.client()));
		return new ArrayList<>(clients);
	}

	/**
	 * Return the measurements of one client and scenario, one per repetition.
	 * @param client the client
	 * @param label the scenario label, such as {@code fanout-64}
	 * @return the measurements
	 */
	public List<Measurement> of(String client, String label) {
		return this.measurements.stream()
			.filter((m) -> m.client().equals(client) && m.scenario().label().equals(label))
			.toList();
	}

	List<String> labels(String prefix) {
		Set<String> labels = new LinkedHashSet<>();
		this.measurements.stream()
			.map((m) -> m.scenario().label())
			.filter((label) -> label.startsWith(prefix))
			.forEach(labels::add);
		return new ArrayList<>(labels);
	}

	/**
	 * Render the report.
	 * @return Markdown
	 */
	public String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# Side-by-side: Epithre client vs. other JVM clients\n\n");
		md.append("Machine: ").append(this.machine).append(". Whole run: ")
			.append(this.took.toMinutes()).append(" min ").append(this.took.toSecondsPart()).append(" s.\n\n");
		md.append("One fake Epithre server (Reactor Netty, 2 event loops, loopback) in the orchestrator JVM; every client "
				+ "in a JVM of its own with `").append(String.join(" ", CompareAll.JVM_FLAGS)).append("`. ");
		if (!CompareAll.extraJvmFlags().isEmpty()) {
			md.append("**Profiling run, not for publication:** extra flags `")
				.append(String.join(" ", CompareAll.extraJvmFlags()))
				.append("`. ");
		}
		md.append("Each cell: median (min-max) over ").append(this.config.reps())
			.append(" repetitions, each a fresh process that first runs warm-ups of the same shape (throughput: rounds "
					+ "of the full size; fan-out: rounds of half the chunks), at least 3 and more, up to "
					+ CompareAll.WARMUP_MAX_ROUNDS + ", until a whole round ran with the JIT compiler all but idle (at "
					+ "most 10 ms or 2% of the round's CPU; the warm-ups column), and then waits until the JIT "
					+ "compiler has been idle for 300 ms: code still being compiled runs in a lower tier, which a "
					+ "0.1-0.3 s window would count as the client's cost. ");
		md.append("CPU = user+system time of the whole client process (all threads, GC included) over the "
				+ "measured phase only, read by the process itself as the sum of its threads' run time in "
				+ "`/proc/self/task/<tid>/schedstat`, in nanoseconds (`OperatingSystemMXBean.getProcessCpuTime` counts "
				+ "10 ms ticks here, several percent of a 0.1-0.3 s window; it is used instead where it exceeds that sum "
				+ "by more than two ticks and 5%, because threads that started and ended inside the window took their "
				+ "time with them), less what its JIT compiler threads spent in that window, which is shown on its own as JIT ms: a compilation that falls into the 0.3 s window weighs more "
				+ "than the chunks measured, and compiling is a one-time cost. Kernel % = system time's share of the "
				+ "process's user+system ticks (`/proc/self/stat`, 10 ms ticks) in the same window: a client that "
				+ "keeps up with the server sleeps in `epoll_wait` between chunks and pays a wake-up and a read per "
				+ "chunk or two, one that lags reads several chunks at a time, so CPU per chunk also depends on how "
				+ "the two processes happen to be scheduled. "
				+ "Threads = peak of `Threads` in `/proc/<pid>/status`, sampled every 20 ms; RSS = `VmHWM`. "
				+ "Client cores = the client's CPU (JIT included) over the wall time of its measured phase; server "
				+ "cores = the CPU of the orchestrator JVM, which is the fake server, between the client's "
				+ "`MEASURING` and `MEASURED` lines, over the same wall time. "
				+ "The server shares the 2 cores with the client under test, so absolute figures are noisy; "
				+ "compare ratios.\n\n");
		md.append("Clients: **epithre** = `EpithreClient.chat().stream` (WebClient on Reactor Netty, pool = streams + 16, "
				+ "per-key limit raised to the stream count; storm: all defaults); ");
		if (clients().contains(PREVIOUS)) {
			md.append("**" + PREVIOUS + "** = the same peer code run on the Epithre client of the baseline commit "
					+ "(`BASELINE=<git-ref>`); ");
		}
		md.append("**idiomatic** = a plain WebClient on Reactor Netty (pool = streams + 16), "
				+ "`retrieve().bodyToFlux(ServerSentEvent<String>)` and one Jackson `readValue` per event into "
				+ "`ChatCompletionChunk` until `[DONE]`, no retry, limit, timeout or observation; **floor** = raw Reactor Netty "
				+ "`HttpClient` counting `data:` lines, no JSON; **spring-ai** = Spring AI 2.0.1 `OpenAiChatModel.stream` "
				+ "on Boot 4.1.1's versions (openai-java-core 4.49 + OkHttp); **openai-java** = openai-java 4.101.0 "
				+ "`OpenAIOkHttpClientAsync` `createStreaming`; **langchain4j** = LangChain4j 1.19.0 "
				+ "`OpenAiStreamingChatModel` (JDK HttpClient). Peers run with their defaults, only base URL, key and "
				+ "model set.\n\n");
		throughput(md);
		fanout(md);
		storm(md);
		targets(md);
		previousTargets(md);
		errors(md);
		return md.toString();
	}

	private void throughput(StringBuilder md) {
		for (Scenario scenario : this.config.scenarios()) {
			if (scenario.label().startsWith(THROUGHPUT)) {
				throughput(md, scenario);
			}
		}
	}

	private void throughput(StringBuilder md, Scenario scenario) {
		String label = scenario.label();
		md.append("## 1. Throughput: ").append(scenario.streams()).append(" streams x ")
			.append(String.format(Locale.ROOT, "%,d", scenario.tokens()))
			.append(" chunks, unpaced")
			.append((scenario.eventsPerWrite() > 1)
					? ", the server writing " + scenario.eventsPerWrite() + " events at a time (`" + label + "`)"
					: ", the server flushing every event on its own")
			.append("\n\n");
		md.append("| client | CPU µs/chunk | vs floor | kernel % | JIT ms | warm-ups (last one's JIT ms) | wall s | server cores | peak threads | peak RSS MB | completed |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		double floor = median(of(FLOOR, label), Measurement::cpuMicrosPerChunk);
		for (String client : clients()) {
			List<Measurement> runs = of(client, label);
			if (runs.isEmpty()) {
				continue;
			}
			double cpu = median(runs, Measurement::cpuMicrosPerChunk);
			md.append("| ").append(client).append(" | ").append(cell(runs, Measurement::cpuMicrosPerChunk, "%.2f"))
				.append(" | ").append(Double.isNaN(floor) ? "-" : String.format(Locale.ROOT, "%.2fx", cpu / floor))
				.append(" | ").append(cell(runs, Measurement::systemPercent, "%.0f"))
				.append(" | ").append(cell(runs, Measurement::jitMillis, "%.0f"))
				.append(" | ").append(warmups(runs))
				.append(" | ").append(cell(runs, Measurement::wallSeconds, "%.1f"))
				.append(" | ").append(cell(runs, Measurement::serverCores, "%.2f"))
				.append(" | ").append(cell(runs, (m) -> m.peakThreads(), "%.0f"))
				.append(" | ").append(cell(runs, (m) -> m.peakRssKb() / 1024.0, "%.0f"))
				.append(" | ").append(completed(runs)).append(" |\n");
		}
		md.append('\n');
	}

	private void fanout(StringBuilder md) {
		for (String label : labels("fanout-")) {
			Scenario scenario = this.measurements.stream()
				.filter((m) -> m.scenario().label().equals(label))
				.findFirst()
				.orElseThrow()
				.scenario();
			md.append("## 2. Fan-out: ").append(scenario.streams()).append(" streams x ").append(scenario.tokens())
				.append(" chunks, ").append(scenario.delayMs()).append(" ms apart\n\n");
			md.append("| client | completed | TTFT p50 ms | TTFT p99 ms | max gap p99 ms | client cores | server cores | warm-ups (last one's JIT ms) | peak threads | peak RSS MB |\n");
			md.append("|---|---|---|---|---|---|---|---|---|---|\n");
			for (String client : clients()) {
				List<Measurement> runs = of(client, label);
				if (runs.isEmpty()) {
					continue;
				}
				md.append("| ").append(client).append(" | ").append(completed(runs))
					.append(" | ").append(cell(runs, (m) -> m.ttftMillis(0.50), "%.1f"))
					.append(" | ").append(cell(runs, (m) -> m.ttftMillis(0.99), "%.1f"))
					.append(" | ").append(cell(runs, (m) -> m.maxGapMillis(0.99), "%.1f"))
					.append(" | ").append(cell(runs, Measurement::clientCores, "%.2f"))
					.append(" | ").append(cell(runs, Measurement::serverCores, "%.2f"))
					.append(" | ").append(warmups(runs))
					.append(" | ").append(cell(runs, (m) -> m.peakThreads(), "%.0f"))
					.append(" | ").append(cell(runs, (m) -> m.peakRssKb() / 1024.0, "%.0f")).append(" |\n");
			}
			md.append('\n');
			if (scenario.holdTokens() > 0) {
				held(md, label, scenario);
			}
		}
	}

	private void held(StringBuilder md, String label, Scenario scenario) {
		md.append("Heap held per open stream at ").append(scenario.streams())
			.append(" streams: after the measured phase, the same process opens ").append(scenario.streams())
			.append(" more streams (").append(scenario.holdTokens()).append(" chunks ").append(Scenario.HOLD_DELAY_MS)
			.append(" ms apart) and, once each has had its first chunk, takes the heap in use after a full "
					+ "collection, less the same just before, over the stream count. Its peak threads and RSS above "
					+ "are read before this round.\n\n");
		md.append("| client | KB per open stream | streams still open at the reading |\n|---|---|---|\n");
		for (String client : clients()) {
			List<Measurement> runs = of(client, label);
			if (!runs.isEmpty()) {
				md.append("| ").append(client).append(" | ").append(cell(runs, Measurement::heldKbPerStream, "%.1f"))
					.append(" | ").append(cell(runs, Measurement::heldOpenStreams, "%.0f")).append(" |\n");
			}
		}
		md.append('\n');
	}

	private void storm(StringBuilder md) {
		if (labels("storm").isEmpty()) {
			return;
		}
		md.append("## 3. 429 storm: ").append(this.config.stormCalls()).append(" simultaneous whole calls, server cap ")
			.append(ComparisonDispatcher.STORM_CAP).append(" in flight, ")
			.append(ComparisonDispatcher.STORM_CALL_TIME.toMillis()).append(" ms per answer (200 or 429)\n\n");
		md.append("Counted by the server. Each client with its default retry configuration "
				+ "(epithre: per-key limiter of 10 + code-keyed retry; spring-ai: openai-java `maxRetries` 3; "
				+ "openai-java: `maxRetries` 2; langchain4j: `maxRetries` 2; floor: none).\n\n");
		md.append("| client | requests sent | 429s received | successes | failed calls | wall s | peak threads | peak RSS MB |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (String client : clients()) {
			List<Measurement> runs = of(client, "storm");
			if (runs.isEmpty()) {
				continue;
			}
			md.append("| ").append(client)
				.append(" | ").append(cell(runs, (m) -> m.stormRequests(), "%.0f"))
				.append(" | ").append(cell(runs, (m) -> m.storm429s(), "%.0f"))
				.append(" | ").append(cell(runs, (m) -> m.stormSuccesses(), "%.0f"))
				.append(" | ").append(cell(runs, (m) -> (m.result() != null) ? m.result().path("failures").asInt()
						: Double.NaN, "%.0f"))
				.append(" | ").append(cell(runs, Measurement::wallSeconds, "%.1f"))
				.append(" | ").append(cell(runs, (m) -> m.peakThreads(), "%.0f"))
				.append(" | ").append(cell(runs, (m) -> m.peakRssKb() / 1024.0, "%.0f")).append(" |\n");
		}
		md.append('\n');
	}

	private void targets(StringBuilder md) {
		md.append("## Targets (issue 9)\n\n| target | measured | met |\n|---|---|---|\n");
		for (String label : labels(THROUGHPUT)) {
			cpuTargets(md, label);
		}
		List<String> fanouts = labels("fanout-");
		if (!fanouts.isEmpty()) {
			String smallest = fanouts.get(0);
			String largest = fanouts.get(fanouts.size() - 1);
			List<Measurement> big = of(OURS, largest);
			int streams = big.isEmpty() ? 0 : big.get(0).scenario().streams();
			row(md, "at " + streams + " streams every stream completes", completed(big),
					!big.isEmpty() && big.stream().allMatch(Measurement::allCompleted));
			double p99Big = median(big, (m) -> m.ttftMillis(0.99));
			double p99Small = median(of(OURS, smallest), (m) -> m.ttftMillis(0.99));
			List<Double> ttftRatios = perRepetition(big, of(OURS, smallest), (m) -> m.ttftMillis(0.99));
			List<Measurement> floorBig = of(FLOOR, largest);
			double floorRatio = median(floorBig, (m) -> m.ttftMillis(0.99))
					/ median(of(FLOOR, smallest), (m) -> m.ttftMillis(0.99));
			row(md, "TTFT p99 at " + streams + " within 2x of " + smallest,
					String.format(Locale.ROOT, "%.1f vs %.1f ms = %.2fx", p99Big, p99Small, p99Big / p99Small)
							+ ratios(ttftRatios)
							+ (Double.isNaN(floorRatio) ? ""
									: String.format(Locale.ROOT,
											"; the floor's own ratio %.2fx; cores busy at %d streams: "
													+ "client %.2f + server %.2f (floor: %.2f + %.2f)",
											floorRatio, streams, median(big, Measurement::clientCores),
											median(big, Measurement::serverCores),
											median(floorBig, Measurement::clientCores),
											median(floorBig, Measurement::serverCores))),
					p99Big <= 2 * p99Small, ttftRatios.stream().allMatch((ratio) -> ratio <= 2));
			double threads = max(big, (m) -> m.peakThreads());
			row(md, "at most 50 threads at " + streams, String.format(Locale.ROOT, "%.0f (max)", threads),
					threads <= 50);
			double rss = max(big, (m) -> m.peakRssKb() / 1024.0);
			row(md, "at most 300 MB RSS at " + streams, String.format(Locale.ROOT, "%.0f MB (max)", rss), rss <= 300);
		}
		md.append('\n');
	}

	/**
	 * Issue 20: the client against the previous one, measured in the same run, and against the best peer.
	 */
	private void previousTargets(StringBuilder md) {
		if (this.measurements.stream().noneMatch((m) -> m.client().equals(PREVIOUS))) {
			return;
		}
		md.append("## Targets (issue 20): ").append(OURS).append(" against ").append(PREVIOUS)
			.append(" in the same run\n\n| target | measured | met |\n|---|---|---|\n");
		List<String> fanouts = labels("fanout-");
		if (!fanouts.isEmpty()) {
			String largest = fanouts.get(fanouts.size() - 1);
			List<Measurement> ours = of(OURS, largest);
			List<Measurement> previous = of(PREVIOUS, largest);
			int streams = ours.isEmpty() ? 0 : ours.get(0).scenario().streams();
			againstPrevious(md, "client CPU per chunk at " + streams + " streams, µs", ours, previous,
					Measurement::cpuMicrosPerChunk, "%.2f");
			againstPrevious(md, "client cores at " + streams + " streams (JIT included)", ours, previous,
					Measurement::clientCores, "%.2f");
			againstPrevious(md, "heap held per open stream at " + streams + " streams, KB", ours, previous,
					Measurement::heldKbPerStream, "%.1f");
			againstPrevious(md, "peak threads at " + streams + " streams", ours, previous, (m) -> m.peakThreads(),
					"%.0f");
			againstPrevious(md, "TTFT p99 at " + streams + " streams, ms", ours, previous, (m) -> m.ttftMillis(0.99),
					"%.1f");
		}
		for (String label : labels(THROUGHPUT)) {
			double ours = median(of(OURS, label), Measurement::cpuMicrosPerChunk);
			String bestPeer = bestPeer(label);
			double best = median(of(bestPeer, label), Measurement::cpuMicrosPerChunk);
			double previous = median(of(PREVIOUS, label), Measurement::cpuMicrosPerChunk);
			List<Double> ratios = perRepetition(of(OURS, label), of(bestPeer, label), Measurement::cpuMicrosPerChunk);
			row(md, String.format(Locale.ROOT, "CPU per chunk at most %.2fx the best peer's (`%s`)", BEST_PEER_FACTOR,
					label),
					String.format(Locale.ROOT, "%.2f vs %.2f µs (%s) = %.2fx; %s %.2f µs", ours, best, bestPeer,
							ours / best, PREVIOUS, previous) + ratios(ratios),
					ours <= BEST_PEER_FACTOR * best, ratios.stream().allMatch((ratio) -> ratio <= BEST_PEER_FACTOR));
		}
		md.append('\n');
	}

	private void againstPrevious(StringBuilder md, String what, List<Measurement> ours, List<Measurement> previous,
			ToDoubleFunction<Measurement> metric, String format) {
		double mine = median(ours, metric);
		double theirs = median(previous, metric);
		List<Double> ratios = perRepetition(ours, previous, metric);
		row(md, String.format(Locale.ROOT, "%s within %.2fx of %s", what, PREVIOUS_FACTOR, PREVIOUS),
				String.format(Locale.ROOT, format + " vs " + format + " = %.2fx", mine, theirs, mine / theirs)
						+ ratios(ratios),
				mine <= PREVIOUS_FACTOR * theirs, ratios.stream().allMatch((ratio) -> ratio <= PREVIOUS_FACTOR));
	}

	/**
	 * The peer with the lowest median CPU per chunk in a scenario: neither of ours nor the floor.
	 */
	private String bestPeer(String label) {
		double bestPeer = Double.NaN;
		String bestPeerName = "-";
		for (String client : clients()) {
			if (!client.equals(OURS) && !client.equals(FLOOR) && !client.equals(PREVIOUS)) {
				double cpu = median(of(client, label), Measurement::cpuMicrosPerChunk);
				if (!Double.isNaN(cpu) && (Double.isNaN(bestPeer) || cpu < bestPeer)) {
					bestPeer = cpu;
					bestPeerName = client;
				}
			}
		}
		return bestPeerName;
	}

	private void cpuTargets(StringBuilder md, String label) {
		double ours = median(of(OURS, label), Measurement::cpuMicrosPerChunk);
		double floor = median(of(FLOOR, label), Measurement::cpuMicrosPerChunk);
		String bestPeerName = bestPeer(label);
		double bestPeer = median(of(bestPeerName, label), Measurement::cpuMicrosPerChunk);
		List<Double> cpuRatios = perRepetition(of(OURS, label), of(FLOOR, label),
				Measurement::cpuMicrosPerChunk);
		if (!Double.isNaN(floor)) {
			row(md, "CPU per chunk within 1.3x of the floor (`" + label + "`)",
					String.format(Locale.ROOT, "%.2f vs %.2f µs = %.2fx", ours, floor, ours / floor)
							+ ratios(cpuRatios),
					ours <= 1.3 * floor, cpuRatios.stream().allMatch((ratio) -> ratio <= 1.3));
		}
		row(md, "CPU per chunk at most half of the best peer (`" + label + "`)", String.format(Locale.ROOT,
				"%.2f vs %.2f µs (%s) = %.2fx", ours, bestPeer, bestPeerName, ours / bestPeer), ours <= 0.5 * bestPeer);
	}

	/**
	 * The ratio of a metric between two sets of runs, repetition by repetition: the runs of one repetition ran
	 * minutes apart at most, so slow drift of the machine cancels out of their ratio.
	 */
	private static List<Double> perRepetition(List<Measurement> runs, List<Measurement> baselines,
			ToDoubleFunction<Measurement> metric) {
		List<Double> ratios = new ArrayList<>();
		for (Measurement run : runs) {
			for (Measurement baseline : baselines) {
				double ratio = metric.applyAsDouble(run) / metric.applyAsDouble(baseline);
				if (baseline.rep() == run.rep() && !Double.isNaN(ratio)) {
					ratios.add(ratio);
				}
			}
		}
		return ratios;
	}

	private static String ratios(List<Double> ratios) {
		return ratios.isEmpty() ? ""
				: "; by repetition " + String.join(", ",
						ratios.stream().map((ratio) -> String.format(Locale.ROOT, "%.2fx", ratio)).toList());
	}

	private void errors(StringBuilder md) {
		List<String> lines = new ArrayList<>();
		for (Measurement m : this.measurements) {
			String error = m.firstError();
			if (error != null) {
				lines.add("- " + m.client() + ", " + m.scenario().label() + ", rep " + m.rep() + ": "
						+ error.replace('\n', ' ').replace("|", "\\|"));
			}
		}
		if (!lines.isEmpty()) {
			md.append("## First error per failing scenario\n\n");
			lines.forEach((line) -> md.append(line).append('\n'));
			md.append('\n');
		}
	}

	private static void row(StringBuilder md, String target, String measured, boolean met) {
		row(md, target, measured, met, met);
	}

	/**
	 * A target met by the medians but not in every repetition says so: on shared cores that is a matter of luck.
	 */
	private static void row(StringBuilder md, String target, String measured, boolean met, boolean metEveryTime) {
		String verdict = !met ? "**no**" : metEveryTime ? "yes" : "by the medians only, **not in every repetition**";
		md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(verdict).append(" |\n");
	}

	private static String completed(List<Measurement> runs) {
		StringBuilder text = new StringBuilder();
		for (Measurement m : runs) {
			text.append((text.length() > 0) ? ", " : "").append(m.completed()).append('/').append(m.scenario().streams());
		}
		return text.toString();
	}

	private static String warmups(List<Measurement> runs) {
		return cell(runs, (m) -> m.warmupRounds(), "%.0f") + " (" + cell(runs, Measurement::lastWarmupJitMillis, "%.0f")
				+ ")";
	}

	static String cell(List<Measurement> runs, ToDoubleFunction<Measurement> metric, String format) {
		double[] values = runs.stream().mapToDouble(metric).filter((v) -> !Double.isNaN(v)).sorted().toArray();
		if (values.length == 0) {
			return "-";
		}
		String median = String.format(Locale.ROOT, format, median(values));
		if (values.length == 1) {
			return median;
		}
		return median + " (" + String.format(Locale.ROOT, format, values[0]) + "-"
				+ String.format(Locale.ROOT, format, values[values.length - 1]) + ")";
	}

	static double median(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
		double[] values = runs.stream().mapToDouble(metric).filter((v) -> !Double.isNaN(v)).sorted().toArray();
		return (values.length == 0) ? Double.NaN : median(values);
	}

	private static double max(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
		return runs.stream().mapToDouble(metric).filter((v) -> !Double.isNaN(v)).max().orElse(Double.NaN);
	}

	private static double median(double[] sorted) {
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
