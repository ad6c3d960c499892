package com.epithre.client.resilience.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Instances in separate JVM processes ({@link RedisWorkerMain}) sharing a key with this one through a real Redis.
 */
class RedisCoordinationProcessTests {

	private static final String KEY = "esk_test_processABCDEFGHIJKLMNOPQRSTUVWXYZ";

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final List<Worker> workers = new ArrayList<>();

	private String address;

	private String namespace;

	private RedissonClient redisson;

	@BeforeEach
	void redis() {
		this.address = RedisTestSupport.requireSharedRedis();
		this.namespace = RedisTestSupport.freshNamespace();
		this.redisson = RedisTestSupport.redisson(this.address);
	}

	@AfterEach
	void stop() {
		this.workers.forEach((worker) -> worker.process.destroyForcibly());
		// null when the test was skipped (or failed in CI) before Redis was reached
		if (this.redisson != null) {
			RedisTestSupport.shutdown(this.redisson);
		}
	}

	@Test
	void processesSharingAKeyNeverExceedTheServersCap() throws Exception {
		this.server.streamChunkDelay(Duration.ofMillis(20)).defaultReply("satu dua tiga empat lima enam tujuh");
		// a permit Redis granted after Redisson's own command timeout fired (a late answer on a loaded machine) is
		// unknown to every instance and comes back only when its lease ends: a lease of 10 s keeps that bounded
		Duration lease = Duration.ofSeconds(10);
		Worker first = startWorker(20, lease);
		Worker second = startWorker(20, lease);
		EpithreClient local = client(lease);
		List<Long> counts = Flux.range(0, 20)
			.flatMap((i) -> local.chat().stream(hello()).count(), 20)
			.collectList()
			.block(Duration.ofSeconds(90));
		assertThat(counts).hasSize(20);
		assertThat(first.awaitLine("DONE streams=20", Duration.ofSeconds(90))).as(first.toString()).isTrue();
		assertThat(second.awaitLine("DONE streams=20", Duration.ofSeconds(90))).as(second.toString()).isTrue();
		assertThat(this.server.peakInFlight(KEY)).isLessThanOrEqualTo(10);
		assertThat(this.server.requestCount()).as("nothing refused and sent again: %s %s %s", first, second, local.resilience().getRetriesByCause()).isEqualTo(60);
		// a permit goes back to Redis without the call waiting for it: the last ones may still be on their way, and one
		// whose grant was lost comes back with its lease
		await().atMost(lease.plusSeconds(10))
			.untilAsserted(() -> assertThat(semaphore().availablePermits()).isEqualTo(10));
	}

	@Test
	void permitsOfAKilledInstanceComeBackWithinTheLease() throws Exception {
		// a reply of 200 tokens 100 ms apart: the worker's streams would hold their permits for 20 s
		this.server.streamChunkDelay(Duration.ofMillis(100)).defaultReply("kata ".repeat(200).trim());
		Duration lease = Duration.ofSeconds(2);
		Worker worker = startWorker(10, lease);
		assertThat(worker.awaitLine("HOLDING 10", Duration.ofSeconds(60))).as(worker.toString()).isTrue();
		assertThat(RedisTestSupport.await(Duration.ofSeconds(30), () -> semaphore().availablePermits() == 0))
			.as("the worker holds all 10 cluster-wide permits").isTrue();
		worker.process.destroyForcibly();
		assertThat(worker.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		long killed = System.nanoTime();
		assertThat(RedisTestSupport.await(Duration.ofSeconds(10), () -> semaphore().availablePermits() == 10))
			.as("all 10 permits back").isTrue();
		Duration back = Duration.ofNanos(System.nanoTime() - killed);
		assertThat(back).as("within the lease plus one renewal period").isLessThan(lease.plusMillis(1500));
		this.server.defaultReply("satu dua tiga");
		EpithreClient local = client(lease);
		assertThat(Flux.range(0, 10).flatMap((i) -> local.chat().stream(hello()).count(), 10).collectList()
			.block(Duration.ofSeconds(30))).hasSize(10);
	}

	private EpithreClient client(Duration lease) {
		RedisCoordinator coordinator = new RedisCoordinator(this.redisson.reactive(),
				RedisCoordinationSettings.defaults()
					.withNamespace(this.namespace)
					.withLeaseTime(lease)
					.withRateLimit(0, Duration.ofMinutes(1))
					.withCommandTimeout(Duration.ofSeconds(10)),
				Schedulers.parallel(), this.address);
		return EpithreClient.builder(WebClient.builder())
			.settings((s) -> s.withBaseUrl(this.server.baseUrl()).withApiKey(KEY)
				.withConcurrency(ConcurrencyPolicy.defaults()))
			.resilience(EpithreResilience.create(RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(),
					Schedulers.parallel(), coordinator))
			.build();
	}

	private Worker startWorker(int streams, Duration lease) throws IOException {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", classpath,
				RedisWorkerMain.class.getName(), this.server.baseUrl(), this.address, this.namespace, KEY,
				Integer.toString(streams), Long.toString(lease.toMillis()))
			.redirectErrorStream(true)
			.start();
		Worker worker = new Worker(process);
		this.workers.add(worker);
		return worker;
	}

	private RPermitExpirableSemaphore semaphore() {
		String name = this.namespace + ":{" + RedisCoordinatorTests.EpithreResilienceNames.of(KEY) + "}:permits";
		return this.redisson.getPermitExpirableSemaphore(name);
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
	}

	/**
	 * A worker process and the lines it printed.
	 */
	static final class Worker {

		final Process process;

		final List<String> lines = new CopyOnWriteArrayList<>();

		Worker(Process process) {
			this.process = process;
			Thread reader = new Thread(() -> {
				try (BufferedReader in = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line = in.readLine(); line != null; line = in.readLine()) {
						this.lines.add(line);
					}
				}
				catch (IOException ex) {
					this.lines.add("(output ended: " + ex.getMessage() + ")");
				}
			}, "redis-worker-output");
			reader.setDaemon(true);
			reader.start();
		}

		boolean awaitLine(String prefix, Duration timeout) {
			return RedisTestSupport.await(timeout, () -> this.lines.stream().anyMatch((line) -> line.startsWith(prefix)));
		}

		@Override
		public String toString() {
			List<String> tail = this.lines.subList(Math.max(0, this.lines.size() - 60), this.lines.size());
			return "worker output: " + String.join("\n", tail);
		}

	}

}
