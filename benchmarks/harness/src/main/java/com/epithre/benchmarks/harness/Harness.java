package com.epithre.benchmarks.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Runs the scenarios the orchestrator asks for inside one client process and prints one {@code RESULT {json}} line
 * per scenario on standard output, then {@code DONE}, then waits (at most two minutes) for standard input to close, so
 * that the orchestrator can read the process's peak threads and memory from {@code /proc} before it exits. A stream
 * scenario also prints {@code MEASURING <label>} just before its measured phase and {@code MEASURED <label>} just
 * after, so that the orchestrator can read what the fake server spent in the same window. With {@code holdTokens}, it
 * then prints {@code HOLDING <label>} and measures the heap held per open stream (see {@link #hold}): the
 * orchestrator takes the process's peak threads and memory at that line, so that they cover the measured phase only.
 *
 * <p>
 * Arguments: {@code baseUrl apiKey spec...}, each spec {@code label|kind|key=value,...}: kind {@code stream}
 * ({@code streams}, {@code tokens}, {@code delayMs}, {@code perWrite}, {@code warmupStreams}, {@code warmupTokens},
 * {@code warmupRounds}, {@code warmupMaxRounds}, {@code run}, {@code timeoutS}, and optionally {@code holdTokens} and
 * {@code holdDelayMs}) starts all streams at once after at least {@code warmupRounds} warm-ups of the same shape, and
 * more (up to {@code warmupMaxRounds}) until one round runs with the JIT compiler all but idle (at most 10 ms or 2% of
 * the round's CPU), and once the JIT compiler has gone quiet; kind {@code storm} ({@code calls},
 * {@code run}, {@code timeoutS}) sends all whole calls at once after one warm-up call. The prompt tells the fake
 * server what to answer: {@code bench run=<run> mode=<stream|storm|plain> tokens=<n> delayMs=<ms>}.
 *
 * <p>
 * CPU time is the process's own, summed over its threads ({@link ThreadTimes}: user plus system time of every
 * thread, JIT and GC included, in nanoseconds), read just before the first stream starts and just after the last one
 * ended, so start-up and warm-up are excluded. The part of it spent by the JIT compiler threads in that window is
 * reported on its own as {@code jitNanos}: compiling is a one-time cost of warming up, and a single compilation that
 * falls into a short window can weigh more than the chunks measured.
 *
 * @since 0.1.0
 */
public final class Harness {

	private static final long EXIT_WAIT_SECONDS = 120;

	private static final Duration QUIET_MAX = Duration.ofSeconds(10);

	private static final Duration QUIET_POLL = Duration.ofMillis(100);

	private static final int QUIET_POLLS = 3;

	/** JIT compiler time a warm-up round may take and still count as quiet, unless 2% of its CPU is more. */
	private static final long JIT_QUIET_ROUND_NANOS = 10_000_000;

	private Harness() {
	}

	/**
	 * Run the scenarios and exit the JVM.
	 * @param client the client's name, echoed in the results
	 * @param args the arguments
	 * @param factory creates the client under test, once
	 */
	public static void run(String client, String[] args, ClientFactory factory) {
		if (args.length < 3) {
			throw new IllegalArgumentException("Usage: baseUrl apiKey spec...");
		}
		int status = 0;
		try (ClientAdapter adapter = factory.create(args[0], args[1])) {
			for (int i = 2; i < args.length; i++) {
				String[] parts = args[i].split("\\|", 3);
				Map<String, String> params = params(parts[2]);
				String json = switch (parts[1]) {
					case "stream" -> streamScenario(client, parts[0], adapter, params);
					case "storm" -> stormScenario(client, parts[0], adapter, params);
					default -> throw new IllegalArgumentException("Unknown scenario kind " + parts[1]);
				};
				System.out.println("RESULT " + json);
				System.out.flush();
			}
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		System.out.println("DONE");
		System.out.flush();
		awaitStdinClosed();
		System.exit(status);
	}

	private static String streamScenario(String client, String label, ClientAdapter adapter,
			Map<String, String> params) throws InterruptedException {
		int streams = intParam(params, "streams");
		int tokens = intParam(params, "tokens");
		int delayMs = intParam(params, "delayMs");
		int perWrite = Math.max(1, intParam(params, "perWrite"));
		String run = params.getOrDefault("run", label);
		long timeoutS = intParam(params, "timeoutS");
		int warmupStreams = intParam(params, "warmupStreams");
		int warmupRounds = Integer.parseInt(params.getOrDefault("warmupRounds", "1"));
		int warmupMaxRounds = Integer.parseInt(params.getOrDefault("warmupMaxRounds", String.valueOf(warmupRounds)));
		int rounds = 0;
		long lastRoundJit = 0;
		while (warmupStreams > 0 && rounds < Math.max(warmupRounds, warmupMaxRounds)) {
			ThreadTimes roundStart = ThreadTimes.read();
			startStreams(adapter, warmupStreams, prompt(run + "-warmup", "stream", intParam(params, "warmupTokens"),
					delayMs, perWrite), timeoutS);
			ThreadTimes roundEnd = ThreadTimes.read();
			rounds++;
			lastRoundJit = roundEnd.compilerCpuSince(roundStart);
			// warm until a whole round runs with the JIT compiler all but idle: code that is still being compiled
			// runs in a lower tier, which a short measured phase would count as the client's cost
			if (rounds >= warmupRounds && lastRoundJit <= Math.max(JIT_QUIET_ROUND_NANOS,
					(roundEnd.cpuSince(roundStart) - lastRoundJit) / 50)) {
				break;
			}
		}
		awaitCompilationQuiet();
		marker("MEASURING " + label);
		long[] ticksBefore = userAndSystemTicks();
		ThreadTimes before = ThreadTimes.read();
		long start = System.nanoTime();
		List<StreamProbe> probes = startStreams(adapter, streams, prompt(run, "stream", tokens, delayMs, perWrite),
				timeoutS);
		long wall = System.nanoTime() - start;
		ThreadTimes after = ThreadTimes.read();
		long cpu = after.cpuSince(before);
		long jit = after.compilerCpuSince(before);
		long[] ticksAfter = userAndSystemTicks();
		marker("MEASURED " + label);
		int completed = 0;
		long received = 0;
		String firstError = null;
		List<Long> ttft = new ArrayList<>();
		List<Long> gaps = new ArrayList<>();
		for (StreamProbe probe : probes) {
			received += probe.tokens();
			if (probe.completed() && probe.tokens() >= tokens) {
				completed++;
			}
			else if (firstError == null) {
				Throwable error = probe.error();
				firstError = (error != null) ? error.toString()
						: "incomplete: " + probe.tokens() + " of " + tokens + " tokens, completed=" + probe.completed();
			}
			if (probe.timeToFirstToken() >= 0) {
				ttft.add(probe.timeToFirstToken());
				gaps.add(probe.maxGap());
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("client", client);
		result.put("label", label);
		result.put("kind", "stream");
		result.put("streams", streams);
		result.put("expectedTokens", tokens);
		result.put("completed", completed);
		result.put("tokens", received);
		result.put("cpuNanos", cpu);
		result.put("jitNanos", jit);
		result.put("warmupRounds", rounds);
		result.put("warmupLastRoundJitNanos", lastRoundJit);
		result.put("userTicks", ticksAfter[0] - ticksBefore[0]);
		result.put("systemTicks", ticksAfter[1] - ticksBefore[1]);
		result.put("wallNanos", wall);
		result.put("ttftNanos", ttft);
		result.put("maxGapNanos", gaps);
		result.put("firstError", firstError);
		int holdTokens = intParam(params, "holdTokens");
		if (holdTokens > 0) {
			marker("HOLDING " + label);
			result.putAll(hold(adapter, streams, prompt(run + "-hold", "stream", holdTokens,
					intParam(params, "holdDelayMs"), 1), timeoutS));
		}
		return json(result);
	}

	/**
	 * The heap the client holds per open stream: after the measured phase, so that its two full collections disturb
	 * nothing timed, the heap in use after a full collection with every stream open (each has had its first token)
	 * less the same with none, over the stream count.
	 */
	private static Map<String, Object> hold(ClientAdapter adapter, int streams, String prompt, long timeoutS)
			throws InterruptedException {
		long idle = heapUsedAfterFullGc();
		CountDownLatch done = new CountDownLatch(streams);
		CountDownLatch started = new CountDownLatch(streams);
		for (int i = 0; i < streams; i++) {
			StreamProbe probe = new StreamProbe(done, started);
			try {
				adapter.stream(prompt, probe);
			}
			catch (RuntimeException ex) {
				probe.onError(ex);
			}
		}
		started.await(timeoutS, TimeUnit.SECONDS);
		long open = done.getCount();
		long held = heapUsedAfterFullGc();
		done.await(timeoutS, TimeUnit.SECONDS);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("heldBytesPerStream", (held - idle) / streams);
		result.put("heldOpenStreams", open);
		return result;
	}

	private static long heapUsedAfterFullGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		memory.gc();
		memory.gc(); // the first may leave what finalization or reference processing freed
		return memory.getHeapMemoryUsage().getUsed();
	}

	private static void marker(String line) {
		System.out.println(line);
		System.out.flush();
	}

	/**
	 * Wait until the JIT compiler has been idle for {@link #QUIET_POLLS} polls in a row (at most {@link #QUIET_MAX}), so
	 * that compiling what the warm-up made hot is not counted in the measured phase.
	 */
	private static void awaitCompilationQuiet() throws InterruptedException {
		CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
			return;
		}
		long deadline = System.nanoTime() + QUIET_MAX.toNanos();
		long last = jit.getTotalCompilationTime();
		int quietPolls = 0;
		while (quietPolls < QUIET_POLLS && System.nanoTime() < deadline) {
			Thread.sleep(QUIET_POLL.toMillis());
			long now = jit.getTotalCompilationTime();
			quietPolls = (now == last) ? quietPolls + 1 : 0;
			last = now;
		}
	}

	private static List<StreamProbe> startStreams(ClientAdapter adapter, int streams, String prompt, long timeoutS)
			throws InterruptedException {
		CountDownLatch done = new CountDownLatch(streams);
		List<StreamProbe> probes = new ArrayList<>(streams);
		for (int i = 0; i < streams; i++) {
			StreamProbe probe = new StreamProbe(done);
			probes.add(probe);
			try {
				adapter.stream(prompt, probe);
			}
			catch (RuntimeException ex) {
				probe.onError(ex);
			}
		}
		done.await(timeoutS, TimeUnit.SECONDS);
		return probes;
	}

	private static String stormScenario(String client, String label, ClientAdapter adapter,
			Map<String, String> params) throws InterruptedException {
		int calls = intParam(params, "calls");
		String run = params.getOrDefault("run", label);
		long timeoutS = intParam(params, "timeoutS");
		try {
			adapter.call(prompt(run + "-warmup", "plain", 0, 0)).toCompletableFuture().get(timeoutS, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// reported by the storm itself if the client cannot call at all
		}
		AtomicInteger successes = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		AtomicReference<String> firstError = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(calls);
		ThreadTimes before = ThreadTimes.read();
		long start = System.nanoTime();
		String prompt = prompt(run, "storm", 0, 0);
		for (int i = 0; i < calls; i++) {
			CompletableFuture<?> call;
			try {
				call = adapter.call(prompt).toCompletableFuture();
			}
			catch (RuntimeException ex) {
				call = CompletableFuture.failedFuture(ex);
			}
			call.whenComplete((answer, ex) -> {
				if (ex == null) {
					successes.incrementAndGet();
				}
				else {
					failures.incrementAndGet();
					firstError.compareAndSet(null, ex.toString());
				}
				done.countDown();
			});
		}
		done.await(timeoutS, TimeUnit.SECONDS);
		long wall = System.nanoTime() - start;
		long cpu = ThreadTimes.read().cpuSince(before);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("client", client);
		result.put("label", label);
		result.put("kind", "storm");
		result.put("calls", calls);
		result.put("successes", successes.get());
		result.put("failures", failures.get());
		result.put("cpuNanos", cpu);
		result.put("wallNanos", wall);
		result.put("firstError", firstError.get());
		return json(result);
	}

	static String prompt(String run, String mode, int tokens, int delayMs) {
		return prompt(run, mode, tokens, delayMs, 1);
	}

	static String prompt(String run, String mode, int tokens, int delayMs, int perWrite) {
		return "bench run=" + run + " mode=" + mode + " tokens=" + tokens + " delayMs=" + delayMs
				+ ((perWrite > 1) ? " perWrite=" + perWrite : "");
	}

	/**
	 * The process's user and system time so far in clock ticks ({@code utime} and {@code stime} of
	 * {@code /proc/self/stat}, usually 10 ms each), to tell how much of the CPU the kernel took; zeros where that is
	 * not available.
	 */
	static long[] userAndSystemTicks() {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			// the command name, in parentheses, may hold spaces: fields are counted after its closing parenthesis
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
			return new long[] { Long.parseLong(fields[11]), Long.parseLong(fields[12]) };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0 };
		}
	}

	private static Map<String, String> params(String text) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : text.split(",")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				params.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
			}
		}
		return params;
	}

	private static int intParam(Map<String, String> params, String name) {
		String value = params.get(name);
		return (value != null) ? Integer.parseInt(value) : 0;
	}

	private static void awaitStdinClosed() {
		CountDownLatch closed = new CountDownLatch(1);
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
				in.readLine();
			}
			catch (IOException ex) {
				// closed
			}
			closed.countDown();
		}, "harness-stdin");
		reader.setDaemon(true);
		reader.start();
		try {
			closed.await(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static String json(Map<String, Object> values) {
		StringBuilder json = new StringBuilder("{");
		values.forEach((key, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append(quote(key)).append(':').append(value(value));
		});
		return json.append('}').toString();
	}

	private static String value(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Number) {
			return value.toString();
		}
		if (value instanceof List<?> list) {
			StringBuilder json = new StringBuilder("[");
			for (Object element : list) {
				json.append((json.length() > 1) ? "," : "").append(value(element));
			}
			return json.append(']').toString();
		}
		return quote(value.toString());
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	/**
	 * Creates the client under test.
	 */
	@FunctionalInterface
	public interface ClientFactory {

		/**
		 * Create the client.
		 * @param baseUrl the fake server's base URL, ending in {@code /v1}
		 * @param apiKey the API key
		 * @return the client
		 * @throws Exception if the client cannot be created
		 */
		ClientAdapter create(String baseUrl, String apiKey) throws Exception;

	}

}
