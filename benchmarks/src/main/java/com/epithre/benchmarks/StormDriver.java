package com.epithre.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;

/**
 * "429 storm" driver: a fake server capping the key at 10 requests in flight, and 40 simultaneous non-streaming calls
 * of 300 ms each. Prints requests sent, 429s received, successes, failures and wall time for the starter's client
 * (per-key limiter + code-keyed retry) and, in the same run, for two clients without a limiter. Loopback only, each
 * run bounded to two minutes.
 *
 * <p>
 * Run with {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:java
 * -Dexec.mainClass=com.epithre.benchmarks.StormDriver}. Target: 40/40 succeed with zero 429s for the starter.
 *
 * @since 0.1.0
 */
public final class StormDriver {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	static final int CALLS = 40;

	private static final Duration CALL_TIME = Duration.ofMillis(300);

	private StormDriver() {
	}

	public static void main(String[] args) {
		try (FakeEpithreServer server = new FakeEpithreServer().start()) {
			slowCalls(server);
			run(server, "starter (limiter 10 + retry)", ConcurrencyPolicy.defaults(), RetryPolicy.defaults());
			System.out.println();
			System.out.printf(Locale.ROOT, "429 storm: %d simultaneous calls of %d ms, server cap 10 per key, %d cores%n",
					CALLS, CALL_TIME.toMillis(), Runtime.getRuntime().availableProcessors());
			System.out.printf(Locale.ROOT, "%-40s %8s %6s %10s %9s %9s%n", "client", "requests", "429s", "successes",
					"failures", "wall ms");
			List<Row> rows = List.of(
					run(server, "starter (limiter 10 + retry)", ConcurrencyPolicy.defaults(), RetryPolicy.defaults()),
					run(server, "no limiter, code-keyed retry", ConcurrencyPolicy.defaults().withMaxInFlight(1000),
							RetryPolicy.defaults()),
					run(server, "no limiter, no retry", ConcurrencyPolicy.defaults().withMaxInFlight(1000),
							RetryPolicy.disabled()));
			rows.forEach(Row::print);
		}
	}

	/** Cap the key at 10 in flight and make every chat call take {@link #CALL_TIME}. */
	static void slowCalls(FakeEpithreServer server) {
		server.concurrencyCap(10);
		server.setDispatcher((request) -> {
			if (request.path().endsWith("/chat/completions")) {
				try {
					Thread.sleep(CALL_TIME.toMillis()); // the fake's dispatcher may block: it runs off the event loop
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return null;
		});
	}

	static Row run(FakeEpithreServer server, String name, ConcurrencyPolicy concurrency, RetryPolicy retry) {
		server.concurrencyCap(10);
		int before = server.requestCount();
		EpithreResilience resilience = EpithreResilience.create();
		EpithreClient client = EpithreClient.builder(WebClient.builder())
			.settings(EpithreClientSettings.defaults()
				.withBaseUrl(server.baseUrl())
				.withApiKey(KEY)
				.withConcurrency(concurrency)
				.withRetry(retry))
			.resilience(resilience)
			.build();
		AtomicInteger successes = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		AtomicInteger finalRateLimits = new AtomicInteger();
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
		long start = System.nanoTime();
		Flux.range(0, CALLS)
			.flatMap((i) -> client.chat().create(request).doOnNext((answer) -> successes.incrementAndGet())
				.onErrorResume((ex) -> {
					failures.incrementAndGet();
					if (ex instanceof EpithreRateLimitException) {
						finalRateLimits.incrementAndGet();
					}
					return Mono.empty();
				}), CALLS)
			.then()
			.block(Duration.ofMinutes(2));
		long wallMillis = (System.nanoTime() - start) / 1_000_000;
		long retried429 = resilience.getRetriesByCause()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith("_exceeded") || entry.getKey().equals("rate_limit"))
			.mapToLong((entry) -> entry.getValue())
			.sum();
		return new Row(name, server.requestCount() - before, retried429 + finalRateLimits.get(), successes.get(),
				failures.get(), wallMillis);
	}

	record Row(String name, int requests, long rateLimited, int successes, int failures, long wallMillis) {

		void print() {
			System.out.printf(Locale.ROOT, "%-40s %8d %6d %10d %9d %9d%n", this.name, this.requests, this.rateLimited,
					this.successes, this.failures, this.wallMillis);
		}

	}

}
