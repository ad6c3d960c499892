package com.epithre.client;

import java.lang.management.ManagementFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.client.resilience.KeyConcurrencyLimiter;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounded soak: waves of concurrent streams against the fake server, a quarter cancelled after two chunks, a quarter
 * cancelled at a random moment (waiting for a permit, before the response, mid-stream), half read to the end. After
 * the waves every completed stream carried exactly the text sent, and threads, pooled connections, used heap and the
 * key's permits are back at their baseline. Nothing is timed: the checks poll against generous deadlines, so a slow
 * machine only makes the test slower. {@code -Depithre.soak.streams=N -Depithre.soak.waves=N} run a longer soak.
 */
class StreamSoakTests {

	private static final String KEY = ClientTestSupport.KEY;

	private static final int STREAMS = Integer.getInteger("epithre.soak.streams", 500);

	private static final int WAVES = Integer.getInteger("epithre.soak.waves", 3);

	private static final String REPLY = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh";

	/** Threads a JVM may start on its own meanwhile (JIT, GC, attach, reference handling), not ours to explain. */
	private static final int THREAD_TOLERANCE = 6;

	/** Retained heap a correct run may still show after GC: class loading, JIT'd code data, Reactor caches. */
	private static final long HEAP_TOLERANCE = 48L * 1024 * 1024;

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();

	@Test
	void wavesOfStartedCancelledAndCompletedStreamsLeaveNothingBehind() {
		this.server.concurrencyCap(STREAMS * 2).streamChunkDelay(Duration.ofMillis(10)).defaultReply(REPLY);
		ConnectionProvider provider = ConnectionProvider.builder("epithre-soak")
			.maxConnections(STREAMS * 2)
			.pendingAcquireMaxCount(STREAMS * 4)
			.metrics(true, () -> new Registrar(this.pools))
			.build();
		EpithreResilience resilience = EpithreResilience.create();
		EpithreClient client = EpithreClient.builder(WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(provider))))
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl())
				.withApiKey(KEY)
				.withConcurrency(ConcurrencyPolicy.defaults().withMaxInFlight(STREAMS).withMaxQueue(STREAMS * 2)))
			.resilience(resilience)
			.build();
		KeyConcurrencyLimiter limiter = client.concurrencyLimiter();
		// a small wave first, so event loops, schedulers and classes exist before the baseline is taken
		assertThat(wave(client, 40, 0).completed()).isPositive();
		awaitQuiet(limiter);
		int baselineThreads = liveThreads();
		Set<String> baselineNames = threadNames();
		long baselineHeap = usedHeapAfterGc();
		int requestsBefore = this.server.requestCount();
		int completed = 0;
		int cancelled = 0;
		for (int w = 1; w <= WAVES; w++) {
			Wave wave = wave(client, STREAMS, w);
			completed += wave.completed();
			cancelled += wave.cancelled();
			assertThat(wave.completed() + wave.cancelled()).as("wave %d: every stream ended", w).isEqualTo(STREAMS);
			awaitQuiet(limiter);
		}
		int sent = this.server.requestCount() - requestsBefore;
		assertThat(completed).as("streams read to the end").isGreaterThanOrEqualTo(WAVES * STREAMS / 2);
		assertThat(sent).as("requests the server saw").isBetween(completed, WAVES * STREAMS);
		assertThat(resilience.getRetriesByCause()).as("nothing failed, so nothing was retried").isEmpty();
		assertThat(this.server.peakInFlight(KEY)).isLessThanOrEqualTo(STREAMS);
		int threadsAfter = awaitThreadsBack(baselineThreads, baselineNames);
		long heapAfter = awaitHeapBack(baselineHeap);
		int idleConnections = this.server.openConnectionCount();
		int poolAllocated = this.pools.values().stream().mapToInt(ConnectionPoolMetrics::allocatedSize).sum();
		provider.disposeLater().block(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.server.openConnectionCount())
			.as("connections still open once the pool is closed").isZero());
		System.out.printf("Soak: %d waves of %d streams, %d completed, %d cancelled, %d requests; threads %d -> %d; "
				+ "heap after GC %d MB -> %d MB; pool %d connections allocated, %d open on the server before closing "
				+ "the pool%n", WAVES, STREAMS, completed, cancelled, sent, baselineThreads, threadsAfter,
				baselineHeap >> 20, heapAfter >> 20, poolAllocated, idleConnections);
	}

	/**
	 * Start {@code count} streams at once; every completed one must carry exactly the reply.
	 */
	private Wave wave(EpithreClient client, int count, long seed) {
		Random random = new Random(seed);
		int[] delays = random.ints(count, 0, 300).toArray();
		AtomicInteger completed = new AtomicInteger();
		AtomicInteger cancelled = new AtomicInteger();
		Mono<Void> all = Flux.range(0, count).flatMap((i) -> {
			Flux<ChatCompletionChunk> stream = client.chat().stream(hello());
			return switch (i % 4) {
				case 0 -> stream.take(2).then(Mono.fromRunnable(cancelled::incrementAndGet));
				case 1 -> stream.takeUntilOther(Mono.delay(Duration.ofMillis(delays[i])))
					.map(ChatCompletionChunk::text)
					.reduce("", String::concat)
					.doOnNext((text) -> (REPLY.equals(text) ? completed : cancelled).incrementAndGet())
					.then();
				default -> stream.map(ChatCompletionChunk::text).reduce("", String::concat).doOnNext((text) -> {
					assertThat(text).as("stream %d of wave %d", i, seed).isEqualTo(REPLY);
					completed.incrementAndGet();
				}).then();
			};
		}, count).then();
		StepVerifier.create(all).expectComplete().verify(Duration.ofSeconds(120));
		return new Wave(completed.get(), cancelled.get());
	}

	private void awaitQuiet(KeyConcurrencyLimiter limiter) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(limiter.getInFlight()).as("permits in flight").isZero();
			assertThat(limiter.getWaiting()).as("callers waiting").isZero();
			assertThat(limiter.getBulkhead().getMetrics().getAvailableConcurrentCalls()).as("bulkhead permits")
				.isEqualTo(STREAMS);
			assertThat(this.server.inFlight(KEY)).as("requests in flight on the server").isZero();
			assertThat(this.pools.values()).as("pool").allSatisfy((pool) -> {
				assertThat(pool.acquiredSize()).as("connections in use").isZero();
				assertThat(pool.pendingAcquireSize()).as("callers waiting for a connection").isZero();
			});
			assertThat(this.server.openConnectionCount()).as("open connections are the pool's idle ones")
				.isEqualTo(this.pools.values().stream().mapToInt(ConnectionPoolMetrics::idleSize).sum());
		});
	}

	private static int awaitThreadsBack(int baseline, Set<String> baselineNames) {
		AtomicInteger last = new AtomicInteger();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			last.set(liveThreads());
			assertThat(last.get()).as("live threads; new since the baseline: %s", newThreads(baselineNames))
				.isLessThanOrEqualTo(baseline + THREAD_TOLERANCE);
		});
		return last.get();
	}

	private static long awaitHeapBack(long baseline) {
		long[] last = new long[1];
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			last[0] = usedHeapAfterGc();
			assertThat(last[0]).as("used heap after GC, baseline %d MB", baseline >> 20)
				.isLessThanOrEqualTo(baseline + HEAP_TOLERANCE);
		});
		return last[0];
	}

	private static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	private static Set<String> threadNames() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
	}

	private static Map<String, Long> newThreads(Set<String> baselineNames) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> !baselineNames.contains(name))
			.collect(Collectors.groupingBy((name) -> name.replaceAll("\\d+", "#"), TreeMap::new,
					Collectors.counting()));
	}

	private static long usedHeapAfterGc() {
		long used = Long.MAX_VALUE;
		// the lowest of a few collections: one System.gc() may leave garbage a concurrent collector had not reached
		for (int i = 0; i < 4; i++) {
			System.gc();
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Hitung sampai sepuluh").build();
	}

	private record Wave(int completed, int cancelled) {
	}

	/**
	 * Keeps the metrics of each of the soak pool's per-address pools.
	 */
	private record Registrar(Map<String, ConnectionPoolMetrics> pools) implements ConnectionProvider.MeterRegistrar {

		@Override
		public void registerMetrics(String poolName, String id, SocketAddress remoteAddress,
				ConnectionPoolMetrics metrics) {
			this.pools.put(id, metrics);
		}

		@Override
		public void deRegisterMetrics(String poolName, String id, SocketAddress remoteAddress) {
			this.pools.remove(id);
		}

	}

}
