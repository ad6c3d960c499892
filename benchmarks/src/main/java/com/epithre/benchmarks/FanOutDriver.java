package com.epithre.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.test.FakeEpithreServer;

/**
 * Fan-out driver: starts N chat streams at once through the auto-configured {@link EpithreClient} against a local
 * {@link FakeEpithreServer} and reports time to first token (subscription to first chunk), wall time, failures, the
 * most streams the server saw at once and the TCP connections it accepted, for the Epithre pool and for Reactor
 * Netty's global pool. Loopback only; every run is bounded.
 *
 * <p>
 * Run with {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:java}; arguments (as
 * {@code -Dexec.args="..."}): stream counts (default {@code 64,1024}), tokens per stream (default 20) and the pause
 * between two tokens in ms (default 200). Streams of about 4 s outlast the second or two a 2-core machine running
 * both ends needs to open 1024 connections, so "at once" measures the pool and not the ramp; at 50 ms the ramp is as
 * long as a stream there and the figures vary from run to run. A warm-up run at the largest count comes first:
 * without it, class loading and JIT compilation dominate the first 1024-stream figure.
 *
 * @since 0.1.0
 */
public final class FanOutDriver {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

	private FanOutDriver() {
	}

	public static void main(String[] args) {
		List<Integer> counts = (args.length > 0)
				? Arrays.stream(args[0].split(",")).map(String::trim).map(Integer::valueOf).toList()
				: List.of(64, 1024);
		int tokens = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		Duration tokenPause = Duration.ofMillis((args.length > 2) ? Long.parseLong(args[2]) : 200);
		String reply = IntStream.range(0, tokens).mapToObj((i) -> "t" + i).collect(Collectors.joining(" "));
		List<Result> results = new ArrayList<>();
		try (FakeEpithreServer server = new FakeEpithreServer().start()) {
			// warm-up at full size: class loading and JIT compilation would otherwise land in the first measurement
			run(server, Scenario.EPITHRE_POOL, counts.stream().mapToInt(Integer::intValue).max().orElse(64), reply,
					tokenPause);
			for (Scenario scenario : Scenario.values()) {
				for (int streams : counts) {
					results.add(run(server, scenario, streams, reply, tokenPause));
				}
			}
		}
		System.out.printf(Locale.ROOT, "%nFan-out: %s tokens per stream, %d ms apart, %d cores%n", tokens,
				tokenPause.toMillis(), Runtime.getRuntime().availableProcessors());
		System.out.printf(Locale.ROOT, "%-46s %7s %5s %6s %9s %9s %9s %9s %8s %11s%n", "pool", "streams", "ok",
				"failed", "TTFT p50", "TTFT p99", "TTFT max", "wall", "at once", "connections");
		for (Result result : results) {
			System.out.println(result.row());
		}
		results.stream()
			.filter((result) -> result.firstError() != null)
			.forEach((result) -> System.out.printf(Locale.ROOT, "%s, %d streams, first error: %s%n",
					result.scenario().label, result.streams(), result.firstError()));
	}

	static Result run(FakeEpithreServer server, Scenario scenario, int streams, String reply,
			Duration tokenPause) {
		server.reset();
		server.concurrencyCap(1_000_000).streamChunkDelay(tokenPause).defaultReply(reply);
		try (ConfigurableApplicationContext context = scenario.start(server, streams)) {
			EpithreClient client = context.getBean(EpithreClient.class);
			ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
			AtomicLongArray firstToken = new AtomicLongArray(streams);
			AtomicInteger failed = new AtomicInteger();
			AtomicReference<String> firstError = new AtomicReference<>();
			long start = System.nanoTime();
			Flux.range(0, streams).flatMap((i) -> Mono.defer(() -> {
				long subscribed = System.nanoTime();
				return client.chat()
					.stream(request)
					.doOnNext((chunk) -> firstToken.compareAndSet(i, 0, System.nanoTime() - subscribed))
					.then()
					.onErrorResume((ex) -> {
						failed.incrementAndGet();
						firstError.compareAndSet(null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
						return Mono.empty();
					});
			}), streams).blockLast(RUN_TIMEOUT);
			long wall = System.nanoTime() - start;
			long[] ttft = IntStream.range(0, streams)
				.mapToLong(firstToken::get)
				.filter((nanos) -> nanos > 0)
				.sorted()
				.toArray();
			return new Result(scenario, streams, streams - failed.get(), failed.get(), ttft, wall,
					server.peakInFlight(KEY), server.connectionCount(), firstError.get());
		}
		finally {
			// the global pool outlives the application context: empty it so every run starts without connections
			HttpResources.disposeLoopsAndConnections();
		}
	}

	private static String millis(long nanos) {
		return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
	}

	enum Scenario {

		/** This starter's pool: sized from the concurrency limit (set to the stream count) plus headroom. */
		EPITHRE_POOL("epithre pool (max-in-flight + 16)"),

		/** What the starter used before: Boot's connector on Reactor Netty's global pool (500 connections). */
		REACTOR_GLOBAL_POOL("reactor-netty global pool (500 + 1000 pending)");

		private final String label;

		Scenario(String label) {
			this.label = label;
		}

		ConfigurableApplicationContext start(FakeEpithreServer server, int streams) {
			SpringApplicationBuilder builder = new SpringApplicationBuilder(BenchmarkApplication.class)
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.properties("epithre.base-url=" + server.baseUrl(), "epithre.api-key=" + KEY,
						// the per-key limiter is not what is measured here
						"epithre.concurrency.max-in-flight=" + streams, "logging.level.root=WARN",
						"logging.level.reactor.netty=ERROR");
			if (this == REACTOR_GLOBAL_POOL) {
				builder.properties("spring.autoconfigure.exclude="
						+ "com.epithre.boot.autoconfigure.EpithreConnectionPoolAutoConfiguration");
			}
			return builder.run();
		}

	}

	record Result(Scenario scenario, int streams, int ok, int failed, long[] ttft, long wallNanos,
			int peakInFlight, int connections, @Nullable String firstError) {

		String row() {
			return String.format(Locale.ROOT, "%-46s %7d %5d %6d %9s %9s %9s %9s %8d %11d", this.scenario.label,
					this.streams, this.ok, this.failed, percentile(0.50), percentile(0.99), percentile(1.0),
					millis(this.wallNanos), this.peakInFlight, this.connections);
		}

		private String percentile(double p) {
			if (this.ttft.length == 0) {
				return "-";
			}
			int index = (int) Math.ceil(p * this.ttft.length) - 1;
			return millis(this.ttft[Math.max(0, Math.min(index, this.ttft.length - 1))]);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BenchmarkApplication {

	}

}
