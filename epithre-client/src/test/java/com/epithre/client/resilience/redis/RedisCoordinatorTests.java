package com.epithre.client.resilience.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.error.EpithreBulkheadFullException;
import com.epithre.client.resilience.CoordinationStatus;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several independent client "instances" (each with its own limiter, resilience and Redisson connection, as separate
 * application instances would have) sharing one key through a real Redis, against the fake server.
 */
class RedisCoordinatorTests {

	static final String KEY = "esk_test_redisABCDEFGHIJKLMNOPQRSTUVWXYZ012";

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final List<RedissonClient> clients = new ArrayList<>();

	private String address;

	private String namespace;

	@BeforeEach
	void redis() {
		this.address = RedisTestSupport.requireSharedRedis();
		this.namespace = RedisTestSupport.freshNamespace();
	}

	@AfterEach
	void shutdown() {
		this.clients.forEach(RedisTestSupport::shutdown);
	}

	@Test
	void instancesSharingAKeyNeverExceedTheServersCap() {
		this.server.streamChunkDelay(Duration.ofMillis(20)).defaultReply("satu dua tiga empat lima enam");
		List<Instance> instances = List.of(instance(settings()), instance(settings()), instance(settings()));
		List<Long> counts = Flux.range(0, 60)
			.flatMap((i) -> instances.get(i % 3).client.chat().stream(hello()).count(), 60)
			.collectList()
			.block(Duration.ofSeconds(90));
		assertThat(counts).hasSize(60).allSatisfy((count) -> assertThat(count).isGreaterThan(5));
		assertThat(this.server.peakInFlight(KEY)).isLessThanOrEqualTo(10);
		assertThat(this.server.requestCount()).as("no request was refused and sent again").isEqualTo(60);
		instances.forEach((instance) -> {
			assertThat(instance.resilience.getRetriesByCause()).doesNotContainKey("concurrency_exceeded");
			assertThat(instance.coordinator.status().state()).isEqualTo(CoordinationStatus.State.SHARED);
		});
		// a permit goes back to Redis without the call waiting for it: the last ones may still be on their way (as
		// long as for the cancelled waiters below, on a loaded machine)
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(semaphore().availablePermits()).isEqualTo(10));
	}

	@Test
	void instancesWithOnlyLocalLimitsExceedTheServersCap() {
		// the control experiment: the same load with per-instance limits overloads the key
		this.server.streamChunkDelay(Duration.ofMillis(20)).defaultReply("satu dua tiga empat lima enam");
		List<EpithreClient> instances = List.of(localInstance(), localInstance(), localInstance());
		Flux.range(0, 60)
			.flatMap((i) -> instances.get(i % 3).chat().stream(hello()).count().onErrorReturn(-1L), 60)
			.collectList()
			.block(Duration.ofSeconds(90));
		assertThat(this.server.requestCount()).as("concurrency_exceeded made the instances send again")
			.isGreaterThan(60);
	}

	@Test
	void cancelledWaitersNeitherLoseNorDoubleReleasePermits() {
		this.server.streamChunkDelay(Duration.ofMillis(50)).defaultReply("satu dua tiga empat lima enam tujuh");
		Instance first = instance(settings());
		Instance second = instance(settings());
		// 10 streams hold every permit; 60 more callers queue on both instances and leave at different moments
		List<Disposable> holders = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			holders.add((i % 2 == 0 ? first : second).client.chat().stream(hello()).subscribe());
		}
		assertThat(RedisTestSupport.await(Duration.ofSeconds(10), () -> this.server.inFlight(KEY) == 10)).isTrue();
		List<Disposable> waiters = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			Instance instance = (i % 2 == 0) ? first : second;
			waiters.add(instance.client.chat()
				.stream(hello())
				.take(Duration.ofMillis(5 * (i % 12)), Schedulers.parallel())
				.subscribe(null, (ex) -> {
				}));
		}
		waiters.forEach(Disposable::dispose);
		holders.forEach(Disposable::dispose);
		assertThat(RedisTestSupport.await(Duration.ofSeconds(15),
				() -> first.client.concurrencyLimiter().getInFlight() == 0
						&& second.client.concurrencyLimiter().getInFlight() == 0
						&& semaphore().availablePermits() == 10))
			.as("every permit back: %s local, %s local, %s in Redis", first.client.concurrencyLimiter().getInFlight(),
					second.client.concurrencyLimiter().getInFlight(), semaphore().availablePermits())
			.isTrue();
		assertThat(semaphore().getPermits()).as("no permit was released twice").isEqualTo(10);
		// and the key still works at full width
		List<Long> counts = Flux.range(0, 20)
			.flatMap((i) -> (i % 2 == 0 ? first : second).client.chat().stream(hello()).count(), 20)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(counts).hasSize(20);
		assertThat(this.server.peakInFlight(KEY)).isLessThanOrEqualTo(10);
	}

	@Test
	void leaseRenewalKeepsAStreamLongerThanTheLeaseOnItsPermit() {
		this.server.concurrencyCap(1).streamChunkDelay(Duration.ofMillis(250)).defaultReply(
				"satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua-belas tiga-belas");
		RedisCoordinationSettings settings = settings().withLeaseTime(Duration.ofSeconds(1));
		ConcurrencyPolicy policy = ConcurrencyPolicy.defaults().withMaxInFlight(1);
		Instance first = instance(settings, policy);
		Instance second = instance(settings, policy);
		// each stream lasts about 3.5 s, three and a half leases: without renewal the second would start meanwhile
		List<Long> counts = Flux.just(first, second)
			.flatMap((instance) -> instance.client.chat().stream(hello()).count(), 2)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(counts).hasSize(2);
		assertThat(this.server.peakInFlight(KEY)).isEqualTo(1);
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(first.coordinator.getLostLeases() + second.coordinator.getLostLeases()).isZero();
	}

	@Test
	void requestBudgetIsSharedAcrossInstancesOverARollingWindow() {
		List<Long> arrivals = new CopyOnWriteArrayList<>();
		this.server.setDispatcher((request) -> {
			arrivals.add(System.nanoTime());
			return null;
		});
		RedisCoordinationSettings settings = settings().withRateLimit(4, Duration.ofSeconds(2));
		List<Instance> instances = List.of(instance(settings), instance(settings));
		List<String> answers = Flux.range(0, 10)
			.flatMap((i) -> instances.get(i % 2).client.chat().create(hello()).map((reply) -> reply.id()), 10)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(answers).hasSize(10);
		List<Long> sorted = new ArrayList<>(arrivals);
		Collections.sort(sorted);
		assertThat(sorted).hasSize(10);
		// any 5 consecutive arrivals span about the window: at most 4 per 2 s. Budget is taken before sending, so
		// arrivals jitter by the time from token to server (generous slack for a loaded machine); without the
		// shared budget all 10 arrive within a few milliseconds
		for (int i = 4; i < sorted.size(); i++) {
			assertThat(Duration.ofNanos(sorted.get(i) - sorted.get(i - 4)))
				.isGreaterThan(Duration.ofMillis(1500));
		}
	}

	@Test
	void modelCatalogueCallsNeitherDrawOnTheSharedBudgetNorTakeClusterPermits() {
		RedisCoordinationSettings settings = settings().withRateLimit(2, Duration.ofMinutes(1));
		List<Instance> instances = List.of(instance(settings), instance(settings));
		// a health check per instance every few seconds must not use up a budget all instances share
		List<Integer> catalogues = Flux.range(0, 8)
			.concatMap((i) -> instances.get(i % 2).client.models().list().map((models) -> models.data().size()))
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(catalogues).hasSize(8).allSatisfy((size) -> assertThat(size).isPositive());
		assertThat(this.clients.get(0).getKeys().getKeysByPattern(this.namespace + ":*")).isEmpty();
		assertThat(instances.get(0).client.chat().create(hello()).block(Duration.ofSeconds(10))).isNotNull();
		assertThat(this.clients.get(0).getKeys().getKeysByPattern(this.namespace + ":*")).isNotEmpty();
	}

	@Test
	void callerGivesUpWithATypedErrorWhenNoClusterPermitComesInTime() {
		this.server.streamChunkDelay(Duration.ofMillis(200)).defaultReply("satu dua tiga empat lima enam tujuh");
		ConcurrencyPolicy policy = ConcurrencyPolicy.defaults().withMaxInFlight(1).withMaxWait(Duration.ofMillis(300));
		Instance first = instance(settings(), policy);
		Instance second = instance(settings(), policy);
		Disposable holder = first.client.chat().stream(hello()).subscribe();
		assertThat(RedisTestSupport.await(Duration.ofSeconds(10), () -> this.server.inFlight(KEY) == 1)).isTrue();
		StepVerifier.create(second.client.chat().stream(hello()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EpithreBulkheadFullException.class)
				.hasMessageContaining("esk_test_red...")
				.hasMessageContaining("cluster-wide permit")
				.hasMessageContaining("epithre.concurrency.max-wait")
				.hasMessageNotContaining(KEY))
			.verify(Duration.ofSeconds(10));
		holder.dispose();
		assertThat(RedisTestSupport.await(Duration.ofSeconds(10), () -> semaphore().availablePermits() == 1))
			.isTrue();
	}

	private RedisCoordinationSettings settings() {
		return RedisCoordinationSettings.defaults()
			.withNamespace(this.namespace)
			.withRateLimit(0, Duration.ofMinutes(1))
			.withCommandTimeout(Duration.ofSeconds(10));
	}

	private Instance instance(RedisCoordinationSettings settings) {
		return instance(settings, ConcurrencyPolicy.defaults());
	}

	private Instance instance(RedisCoordinationSettings settings, ConcurrencyPolicy policy) {
		RedissonClient redisson = RedisTestSupport.redisson(this.address);
		this.clients.add(redisson);
		RedisCoordinator coordinator = new RedisCoordinator(redisson.reactive(), settings, Schedulers.parallel(),
				this.address);
		EpithreResilience resilience = EpithreResilience.create(RetryRegistry.ofDefaults(),
				BulkheadRegistry.ofDefaults(), Schedulers.parallel(), coordinator);
		EpithreClient client = EpithreClient.builder(WebClient.builder())
			.settings((s) -> s.withBaseUrl(this.server.baseUrl()).withApiKey(KEY).withConcurrency(policy))
			.resilience(resilience)
			.build();
		return new Instance(client, resilience, coordinator);
	}

	private EpithreClient localInstance() {
		return EpithreClient.builder(WebClient.builder())
			.settings((s) -> s.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
			.resilience(EpithreResilience.create())
			.build();
	}

	private RPermitExpirableSemaphore semaphore() {
		RedissonClient redisson = this.clients.get(0);
		String name = this.namespace + ":{" + EpithreResilienceNames.of(KEY) + "}:permits";
		return redisson.getPermitExpirableSemaphore(name);
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
	}

	record Instance(EpithreClient client, EpithreResilience resilience, RedisCoordinator coordinator) {
	}

	static final class EpithreResilienceNames {

		static String of(String key) {
			return EpithreResilience.create().limiter(key, ConcurrencyPolicy.defaults()).getBulkhead().getName();
		}

	}

}
