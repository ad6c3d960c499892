package com.epithre.benchmarks.compare;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.epithre.benchmarks.harness.ThreadTimes;
import com.epithre.test.FakeEpithreServer;

/**
 * Side-by-side comparison of the Epithre client with Spring AI, openai-java, LangChain4j and a raw Reactor Netty floor:
 * one {@link FakeEpithreServer} in this JVM (not measured), each client in a JVM of its own with the same flags
 * ({@link #JVM_FLAGS}), launched from the classpath its module wrote at build time. This process reads each client
 * process's peak threads (sampled from {@code /proc/<pid>/status}) and peak resident set ({@code VmHWM}); each client
 * process measures the CPU time of its measured phase itself (see the harness). Writes {@code comparison.md} and
 * {@code comparison.svg}.
 *
 * <p>
 * Run everything (about 22 minutes on 2 cores) from the repository root with
 * {@code benchmarks/run-comparison.sh}, i.e. {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:java
 * -Dexec.mainClass=com.epithre.benchmarks.compare.CompareAll}. Arguments ({@code -Dexec.args="key=value ..."}):
 * {@code reps} (3), {@code throughput} ({@code 4x50000}), {@code throughputEventsPerWrite} (1: the server flushes
 * every event on its own; more makes it write that many events at a time), {@code saturatedEventsPerWrite} (32:
 * a second throughput scenario with the server writing that many events at a time; 0 leaves it out),
 * {@code throughputWarmup} (chunks per
 * stream of the
 * throughput warm-up: as many as measured, so that every client's JIT compilation is over before CPU is counted),
 * {@code fanout} ({@code 64,256,1024}), {@code fanoutTokens}
 * (100), {@code fanoutDelayMs} (20), {@code holdTokens} (80: chunks per stream of the round that measures the heap
 * held per open stream, after the largest fan-out's measured phase; 0 leaves it out), {@code storm} (40; 0 leaves it
 * out), {@code throughput=0x0} leaves both throughput scenarios out,
 * {@code clients} (all), {@code combined} (false: one process
 * per client, scenario and repetition; true: one process per client running every scenario, for smoke runs),
 * {@code out} ({@code benchmarks/results}), {@code profile} (a directory: record each client process with JFR; off by
 * default, never for published figures), {@code previous} (a classpath file of another build of the Epithre client,
 * run as {@code epithre-previous}: see {@link Config#previousClasspath()}).
 *
 * @since 0.1.0
 */
public final class CompareAll {

	/** Flags of every client JVM: a fixed heap ceiling so that resident sets compare, the same collector for all. */
	public static final List<String> JVM_FLAGS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseG1GC",
			"-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8");

	/**
	 * Environment variable with extra flags for every client JVM, separated by spaces, for profiling runs only (e.g.
	 * an async-profiler {@code -agentpath}); a report of a run with them says so, and published runs leave it unset.
	 */
	public static final String EXTRA_JVM_FLAGS_ENV = "COMPARE_EXTRA_JVM_FLAGS";

	static final String API_KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(6);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Put on the line queue when the client process closed its standard output. */
	private static final String EOF = "\u0000EOF";

	private CompareAll() {
	}

	public static void main(String[] args) throws IOException {
		Config config = Config.parse(args);
		Report report = run(config);
		System.out.println(report.markdown());
		System.out.println("Written: " + config.out().resolve("comparison.md") + ", "
				+ config.out().resolve("comparison.svg"));
	}

	/**
	 * Run the comparison and write the report files.
	 * @param config what to run
	 * @return the report
	 * @throws IOException if a client process cannot be started or a file cannot be written
	 */
	public static Report run(Config config) throws IOException {
		Path root = projectRoot();
		List<ClientSpec> all = ClientSpec.all(root, config.previousClasspath());
		for (String name : config.clients()) {
			if (all.stream().noneMatch((client) -> client.name().equals(name))) {
				throw new IllegalArgumentException("Unknown client '" + name + "'"
						+ (name.equals(ClientSpec.PREVIOUS) ? ": it needs previous=<classpath file>" : ""));
			}
		}
		List<ClientSpec> clients = all.stream()
			.filter((client) -> config.clients().isEmpty() || config.clients().contains(client.name()))
			.toList();
		for (ClientSpec client : clients) {
			client.checkBuilt();
		}
		Path logs = root.resolve("benchmarks/target/comparison-logs");
		Files.createDirectories(logs);
		List<Measurement> measurements = new ArrayList<>();
		long started = System.nanoTime();
		try (ComparisonDispatcher dispatcher = new ComparisonDispatcher();
				FakeEpithreServer server = new FakeEpithreServer().start()) {
			for (int rep = 1; rep <= config.reps(); rep++) {
				List<List<Scenario>> groups = config.combined() ? List.of(config.scenarios())
						: config.scenarios().stream().map(List::of).toList();
				for (List<Scenario> group : groups) {
					// rotate the order per repetition so that slow drift of the machine does not favour one client
					for (int i = 0; i < clients.size(); i++) {
						ClientSpec client = clients.get((i + rep - 1) % clients.size());
						if (group.size() == 1 && group.get(0).skipInRep(rep, config)) {
							continue;
						}
						// the server keeps every request for takeRequest(), which nothing here reads: forgetting them
						// before each client keeps its heap, and its collector's work on the client's cores, from
						// growing over the run (a full run sends over 200,000 requests)
						server.reset();
						server.concurrencyCap(1_000_000)
							.setDispatcher(group.stream().allMatch(Scenario::unpaced) ? dispatcher.offLoop() : dispatcher);
						measurements.addAll(launch(config, client, group, rep, server, dispatcher, logs));
					}
				}
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		Report report = new Report(config, MachineInfo.describe(), measurements, took);
		Files.createDirectories(config.out());
		Files.writeString(config.out().resolve("comparison.md"), report.markdown());
		Files.writeString(config.out().resolve("comparison.svg"), ComparisonChart.svg(report));
		return report;
	}

	static List<String> extraJvmFlags() {
		String flags = System.getenv(EXTRA_JVM_FLAGS_ENV);
		return (flags == null || flags.isBlank()) ? List.of() : List.of(flags.trim().split("\\s+"));
	}

	private static List<String> labels(List<Scenario> scenarios) {
		return scenarios.stream().map(Scenario::label).toList();
	}

	private static List<Measurement> launch(Config config, ClientSpec client, List<Scenario> scenarios, int rep,
			FakeEpithreServer server, ComparisonDispatcher dispatcher, Path logs) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_FLAGS);
		command.addAll(extraJvmFlags());
		Path profile = config.profile();
		if (profile != null) {
			// profiling runs only: JFR distorts the figures a little, so published runs leave it off
			command.add("-XX:StartFlightRecording=settings=profile,filename="
					+ profile.resolve(client.name() + "-" + String.join("+", labels(scenarios)) + "-r" + rep
							+ ".jfr"));
		}
		command.add("-cp");
		command.add(client.classpath());
		command.add(client.mainClass());
		command.add(server.baseUrl());
		command.add(API_KEY);
		for (Scenario scenario : scenarios) {
			command.add(scenario.spec(runId(client, scenario, rep)));
		}
		Path log = logs.resolve(client.name() + ".log");
		Files.writeString(log, String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> readLines(process, lines), "stdout-" + client.name());
		reader.setDaemon(true);
		reader.start();
		List<JsonNode> results = new ArrayList<>();
		Map<String, ThreadTimes> serverBefore = new HashMap<>();
		Map<String, Long> serverCpu = new HashMap<>();
		ProcessProbe.Snapshot snapshot = null;
		ProcessProbe.Snapshot beforeHold = null;
		String failure = null;
		try (ProcessProbe probe = new ProcessProbe(process.pid())) {
			long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
			while (snapshot == null && failure == null) {
				String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (line == null) {
					failure = "timed out after " + PROCESS_TIMEOUT;
					snapshot = probe.snapshot();
				}
				else if (line.startsWith("MEASURING ")) {
					serverBefore.put(line.substring("MEASURING ".length()), ThreadTimes.read());
				}
				else if (line.startsWith("MEASURED ")) {
					ThreadTimes before = serverBefore.get(line.substring("MEASURED ".length()));
					if (before != null) {
						serverCpu.put(line.substring("MEASURED ".length()), ThreadTimes.read().cpuSince(before));
					}
				}
				else if (line.startsWith("HOLDING ") && beforeHold == null) {
					// the hold round's full collections and slow streams are not the client under load
					beforeHold = probe.snapshot();
				}
				else if (line.startsWith("RESULT ")) {
					results.add(JSON.readTree(line.substring("RESULT ".length())));
				}
				else if (line.equals("DONE")) {
					snapshot = (beforeHold != null) ? beforeHold : probe.snapshot();
				}
				else if (line.equals(EOF)) {
					failure = "exited early with status " + process.waitFor();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failure = "interrupted";
		}
		finally {
			try (OutputStream stdin = process.getOutputStream()) {
				stdin.write('\n');
			}
			catch (IOException ex) {
				// already gone
			}
			waitOrKill(process);
		}
		List<Measurement> measurements = new ArrayList<>();
		for (Scenario scenario : scenarios) {
			JsonNode result = results.stream()
				.filter((node) -> node.path("label").asString().equals(scenario.label()))
				.findFirst()
				.orElse(null);
			ComparisonDispatcher.StormCounts storm = dispatcher.storm(runId(client, scenario, rep));
			measurements.add(Measurement.of(client.name(), scenario, rep, result, snapshot, storm,
					serverCpu.getOrDefault(scenario.label(), -1L),
					(result == null) ? ((failure != null) ? failure : "no result") : null));
		}
		System.err.printf(Locale.ROOT, "%-12s rep %d %-40s threads %4d  rss %5d MB  %s%n", client.name(), rep,
				labels(scenarios), (snapshot != null) ? snapshot.peakThreads() : -1,
				(snapshot != null) ? snapshot.peakRssKb() / 1024 : -1, (failure != null) ? failure : "ok");
		return measurements;
	}

	private static void readLines(Process process, BlockingQueue<String> lines) {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line = in.readLine();
			while (line != null) {
				lines.add(line);
				line = in.readLine();
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
		lines.add(EOF);
	}

	private static void waitOrKill(Process process) {
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	private static String runId(ClientSpec client, Scenario scenario, int rep) {
		return client.name() + "-" + scenario.label() + "-r" + rep;
	}

	static Path projectRoot() {
		Path dir = Path.of("").toAbsolutePath();
		for (int i = 0; i < 5 && dir != null; i++) {
			if (Files.isRegularFile(dir.resolve("benchmarks/peers/pom.xml"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("Run from the repository root or the benchmarks module: "
				+ "benchmarks/peers/pom.xml not found above " + Path.of("").toAbsolutePath());
	}

	/**
	 * One client process kind: its name, the classes of its main class (a module's {@code target/classes}), the file
	 * with the rest of its classpath, and its main class.
	 */
	record ClientSpec(String name, Path classes, Path classpathFile, String mainClass) {

		/** The Epithre client of another commit, run with that commit's peer (see {@code previous}). */
		static final String PREVIOUS = "epithre-previous";

		static List<ClientSpec> all(Path root, @Nullable Path previousClasspath) {
			Path benchmarks = root.resolve("benchmarks");
			Path peers = benchmarks.resolve("peers");
			List<ClientSpec> all = new ArrayList<>(List.of(module("epithre", benchmarks, EpithrePeer.class.getName())));
			if (previousClasspath != null) {
				// the previous build's own peer, compiled against its own client API (the peer's source differs only
				// where a public type moved), beside that client and its dependencies from the file
				all.add(new ClientSpec(PREVIOUS, previousClasspath.resolveSibling("classes"), previousClasspath,
						EpithrePeer.class.getName()));
			}
			all.addAll(List.of(module("idiomatic", benchmarks, IdiomaticSpringPeer.class.getName()),
					module("floor", benchmarks, ReactorNettyFloorPeer.class.getName()),
					module("spring-ai", peers.resolve("spring-ai"), "com.epithre.benchmarks.peers.springai.SpringAiPeer"),
					module("openai-java", peers.resolve("openai-java"),
							"com.epithre.benchmarks.peers.openai.OpenAiJavaPeer"),
					module("langchain4j", peers.resolve("langchain4j"),
							"com.epithre.benchmarks.peers.langchain4j.LangChain4jPeer")));
			return all;
		}

		private static ClientSpec module(String name, Path module, String mainClass) {
			return new ClientSpec(name, module.resolve("target/classes"),
					module.resolve("target/benchmark-classpath.txt"), mainClass);
		}

		void checkBuilt() {
			if (!Files.isRegularFile(this.classpathFile) || !Files.isDirectory(this.classes)) {
				throw new IllegalStateException("Client '" + this.name + "' is not built: " + this.classpathFile
						+ " is missing; run 'mvn -B install -DskipTests' from the repository root first");
			}
		}

		String classpath() throws IOException {
			return this.classes + File.pathSeparator + Files.readString(this.classpathFile).trim();
		}

	}

	/**
	 * One scenario: streams (throughput or fan-out) or the 429 storm.
	 */
	/** Warm-up rounds a stream scenario may take at most, to reach a round with the JIT compiler all but idle. */
	static final int WARMUP_MAX_ROUNDS = 10;

	record Scenario(String label, String kind, int streams, int tokens, int delayMs, int eventsPerWrite,
			int warmupStreams, int warmupTokens, int warmupRounds, int calls, int timeoutSeconds, int holdTokens) {

		/** Pace of the hold round's chunks: with the default 80 chunks its streams stay open for 4 s. */
		static final int HOLD_DELAY_MS = 50;

		static Scenario throughput(String label, int streams, int tokens, int eventsPerWrite, int warmupTokens) {
			// three rounds: on 2 shared cores one round of well under a second leaves hot code to compile (and
			// recompile after deoptimisation) during the measured phase, which then measures the JIT, not the client
			return new Scenario(label, "stream", streams, tokens, 0, eventsPerWrite, streams, warmupTokens, 3, 0, 300,
					0);
		}

		static Scenario fanout(int streams, int tokens, int delayMs, int warmupTokens, int holdTokens) {
			// three rounds, as for throughput: after one short round the JIT was still compiling the start of a
			// stream while the measured streams started, and its threads took the cores the first chunks waited for
			return new Scenario("fanout-" + streams, "stream", streams, tokens, delayMs, 1, streams, warmupTokens, 3,
					0, 180, holdTokens);
		}

		static Scenario storm(int calls) {
			return new Scenario("storm", "storm", 0, 0, 0, 1, 0, 0, 0, calls, 120, 0);
		}

		String spec(String run) {
			if (this.kind.equals("storm")) {
				return this.label + "|storm|calls=" + this.calls + ",run=" + run + ",timeoutS=" + this.timeoutSeconds;
			}
			return this.label + "|stream|streams=" + this.streams + ",tokens=" + this.tokens + ",delayMs="
					+ this.delayMs + ",perWrite=" + this.eventsPerWrite + ",warmupStreams=" + this.warmupStreams + ",warmupTokens=" + this.warmupTokens
					+ ",warmupRounds=" + this.warmupRounds + ",warmupMaxRounds=" + WARMUP_MAX_ROUNDS
					+ ",run=" + run + ",timeoutS=" + this.timeoutSeconds
					+ ((this.holdTokens > 0) ? ",holdTokens=" + this.holdTokens + ",holdDelayMs=" + HOLD_DELAY_MS : "");
		}

		/**
		 * Whether this is a stream scenario whose server sends every event as soon as it can (throughput).
		 */
		boolean unpaced() {
			return this.kind.equals("stream") && this.delayMs == 0;
		}

		boolean skipInRep(int rep, Config config) {
			return this.label.startsWith("fanout-") && this.streams >= 1024 && rep > config.largestFanoutReps();
		}

	}

	/**
	 * What to run.
	 * @param reps repetitions of every scenario
	 * @param throughputStreams streams of the throughput scenario
	 * @param throughputTokens chunks per throughput stream
	 * @param throughputWarmupTokens chunks per stream of the throughput warm-up
	 * @param throughputEventsPerWrite events the server writes (and flushes) at a time in the throughput scenario: 1,
	 * the default, flushes every event on its own, as a model server does
	 * @param saturatedEventsPerWrite events the server writes at a time in a second throughput scenario,
	 * {@code throughput-saturated}, which keeps every client busy (a client that keeps up with a server flushing
	 * every event pays an {@code epoll} wake-up per chunk or two); 0 leaves that scenario out
	 * @param fanout stream counts of the fan-out scenarios
	 * @param fanoutTokens chunks per fan-out stream
	 * @param fanoutDelayMs pause between two fan-out chunks
	 * @param holdTokens chunks per stream of the hold round after the largest fan-out, 0 for none
	 * @param stormCalls simultaneous calls of the storm
	 * @param combined whether each client runs every scenario in one process (smoke runs)
	 * @param largestFanoutReps repetitions of fan-out scenarios of 1024 streams or more
	 * @param clients the clients to run, all when empty
	 * @param out where the report goes
	 * @param profile where each client process writes a JFR recording, or {@code null} for none
	 * @param previousClasspath the {@code target/benchmark-classpath.txt} of another build's benchmarks module (its
	 * client and runtime dependencies, separated by the path separator), whose peer in {@code target/classes} beside it
	 * runs as the client {@code epithre-previous}, or {@code null} for none; {@code run-comparison.sh} builds it for
	 * {@code BASELINE=<git-ref>}
	 */
	public record Config(int reps, int throughputStreams, int throughputTokens, int throughputWarmupTokens,
			int throughputEventsPerWrite, int saturatedEventsPerWrite, List<Integer> fanout, int fanoutTokens,
			int fanoutDelayMs, int holdTokens, int stormCalls, boolean combined, int largestFanoutReps, List<String> clients,
			Path out, @Nullable Path profile, @Nullable Path previousClasspath) {

		/**
		 * Parse {@code key=value} arguments over the defaults of the full comparison.
		 * @param args the arguments
		 * @return the configuration
		 */
		public static Config parse(String... args) {
			Map<String, String> values = new LinkedHashMap<>();
			for (String arg : args) {
				for (String pair : arg.trim().split("\\s+")) {
					int eq = pair.indexOf('=');
					if (eq > 0) {
						values.put(pair.substring(0, eq), pair.substring(eq + 1));
					}
				}
			}
			String[] throughput = values.getOrDefault("throughput", "4x50000").split("x");
			int reps = Integer.parseInt(values.getOrDefault("reps", "3"));
			return new Config(reps, Integer.parseInt(throughput[0]), Integer.parseInt(throughput[1]),
					Integer.parseInt(values.getOrDefault("throughputWarmup", throughput[1])),
					Integer.parseInt(values.getOrDefault("throughputEventsPerWrite", "1")),
					Integer.parseInt(values.getOrDefault("saturatedEventsPerWrite", "32")),
					Arrays.stream(values.getOrDefault("fanout", "64,256,1024").split(","))
						.map(Integer::valueOf)
						.toList(),
					Integer.parseInt(values.getOrDefault("fanoutTokens", "100")),
					Integer.parseInt(values.getOrDefault("fanoutDelayMs", "20")),
					Integer.parseInt(values.getOrDefault("holdTokens", "80")),
					Integer.parseInt(values.getOrDefault("storm", "40")),
					Boolean.parseBoolean(values.getOrDefault("combined", "false")),
					Integer.parseInt(values.getOrDefault("largestFanoutReps", Integer.toString(reps))),
					values.containsKey("clients") ? List.of(values.get("clients").split(",")) : List.of(),
					resolveOut(values.getOrDefault("out", "benchmarks/results")),
					values.containsKey("profile") ? resolveOut(values.get("profile")) : null,
					values.containsKey("previous") ? resolveOut(values.get("previous")) : null);
		}

		private static Path resolveOut(String out) {
			Path path = Path.of(out);
			return path.isAbsolute() ? path : projectRoot().resolve(path);
		}

		List<Scenario> scenarios() {
			List<Scenario> scenarios = new ArrayList<>();
			if (this.throughputStreams > 0 && this.throughputTokens > 0) {
				scenarios.add(Scenario.throughput("throughput", this.throughputStreams, this.throughputTokens,
						Math.max(1, this.throughputEventsPerWrite), Math.max(1, this.throughputWarmupTokens)));
			}
			if (this.saturatedEventsPerWrite > 0 && this.throughputStreams > 0 && this.throughputTokens > 0) {
				scenarios.add(Scenario.throughput("throughput-saturated", this.throughputStreams,
						this.throughputTokens, this.saturatedEventsPerWrite, Math.max(1, this.throughputWarmupTokens)));
			}
			int largest = this.fanout.stream().mapToInt(Integer::intValue).max().orElse(0);
			for (int streams : this.fanout) {
				// the heap held per open stream is measured once, where it is most precise
				scenarios.add(Scenario.fanout(streams, this.fanoutTokens, this.fanoutDelayMs,
						Math.max(1, this.fanoutTokens / 2), (streams == largest) ? this.holdTokens : 0));
			}
			if (this.stormCalls > 0) {
				scenarios.add(Scenario.storm(this.stormCalls));
			}
			return scenarios;
		}

	}

	/**
	 * One scenario of one client process.
	 * @param client the client name
	 * @param scenario the scenario
	 * @param rep the repetition, from 1
	 * @param result the process's result line, or {@code null} when it produced none
	 * @param peakThreads the process's peak thread count
	 * @param peakRssKb the process's peak resident set
	 * @param stormRequests storm requests the server received
	 * @param stormSuccesses storm requests the server answered with 200
	 * @param storm429s storm requests the server answered with 429
	 * @param failure why there is no result, or {@code null}
	 */
	public record Measurement(String client, Scenario scenario, int rep, @Nullable JsonNode result, int peakThreads,
			long peakRssKb, int stormRequests, int stormSuccesses, int storm429s, long serverCpuNanos,
			@Nullable String failure) {

		static Measurement of(String client, Scenario scenario, int rep, @Nullable JsonNode result,
				ProcessProbe.@Nullable Snapshot snapshot, ComparisonDispatcher.StormCounts storm, long serverCpuNanos,
				@Nullable String failure) {
			return new Measurement(client, scenario, rep, result, (snapshot != null) ? snapshot.peakThreads() : 0,
					(snapshot != null) ? snapshot.peakRssKb() : 0, storm.requests.get(), storm.successes.get(),
					storm.rateLimited.get(), serverCpuNanos, failure);
		}

		/**
		 * Cores the client process kept busy over its measured phase (CPU time over wall time, JIT included).
		 */
		double clientCores() {
			return (this.result != null && this.result.path("wallNanos").asLong() > 0)
					? (double) this.result.path("cpuNanos").asLong() / this.result.path("wallNanos").asLong()
					: Double.NaN;
		}

		/**
		 * Cores the fake server kept busy over the client's measured phase, or NaN when it was not measured.
		 */
		double serverCores() {
			return (this.result != null && this.serverCpuNanos >= 0 && this.result.path("wallNanos").asLong() > 0)
					? (double) this.serverCpuNanos / this.result.path("wallNanos").asLong() : Double.NaN;
		}

		/**
		 * Return whether every stream (or call) of the scenario completed.
		 * @return whether all completed
		 */
		public boolean allCompleted() {
			if (this.result == null) {
				return false;
			}
			if (this.scenario.kind().equals("storm")) {
				return this.result.path("successes").asInt() + this.result.path("failures").asInt() == this.scenario
					.calls();
			}
			return this.result.path("completed").asInt() == this.scenario.streams();
		}

		/**
		 * Client CPU per chunk over the measured phase, without what the JIT compiler threads spent in it.
		 */
		double cpuMicrosPerChunk() {
			long chunks = (long) this.scenario.streams() * this.scenario.tokens();
			return (this.result != null && chunks > 0)
					? (this.result.path("cpuNanos").asLong() - this.result.path("jitNanos").asLong()) / 1e3 / chunks
					: Double.NaN;
		}

		/**
		 * Share of the process's CPU in the measured phase that was system (kernel) time, in percent.
		 */
		double systemPercent() {
			if (this.result == null) {
				return Double.NaN;
			}
			long user = this.result.path("userTicks").asLong();
			long system = this.result.path("systemTicks").asLong();
			return (user + system > 0) ? 100.0 * system / (user + system) : Double.NaN;
		}

		/**
		 * CPU the JIT compiler threads spent in the measured phase.
		 */
		int warmupRounds() {
			return (this.result != null) ? this.result.path("warmupRounds").asInt() : 0;
		}

		/**
		 * CPU the JIT compiler threads spent in the last warm-up round, which shows how far compiling had come.
		 */
		double lastWarmupJitMillis() {
			return (this.result != null) ? this.result.path("warmupLastRoundJitNanos").asLong() / 1e6 : Double.NaN;
		}

		double jitMillis() {
			return (this.result != null) ? this.result.path("jitNanos").asLong() / 1e6 : Double.NaN;
		}

		double wallSeconds() {
			return (this.result != null) ? this.result.path("wallNanos").asLong() / 1e9 : Double.NaN;
		}

		/**
		 * Heap held per open stream (after a full collection, every stream open, less the same idle), or NaN when
		 * the scenario had no hold round.
		 */
		double heldKbPerStream() {
			return (this.result != null && this.result.has("heldBytesPerStream"))
					? this.result.path("heldBytesPerStream").asLong() / 1024.0 : Double.NaN;
		}

		double heldOpenStreams() {
			return (this.result != null && this.result.has("heldOpenStreams"))
					? this.result.path("heldOpenStreams").asLong() : Double.NaN;
		}

		double ttftMillis(double percentile) {
			return percentileMillis("ttftNanos", percentile);
		}

		double maxGapMillis(double percentile) {
			return percentileMillis("maxGapNanos", percentile);
		}

		int completed() {
			return (this.result != null) ? this.result.path("completed").asInt() : 0;
		}

		@Nullable String firstError() {
			if (this.failure != null) {
				return this.failure;
			}
			JsonNode error = (this.result != null) ? this.result.path("firstError") : null;
			return (error != null && error.isString()) ? error.asString() : null;
		}

		private double percentileMillis(String field, double percentile) {
			if (this.result == null) {
				return Double.NaN;
			}
			long[] values = new long[this.result.path(field).size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = this.result.path(field).get(i).asLong();
			}
			if (values.length == 0) {
				return Double.NaN;
			}
			Arrays.sort(values);
			int index = (int) Math.ceil(percentile * values.length) - 1;
			return values[Math.max(0, Math.min(index, values.length - 1))] / 1e6;
		}

	}

}
