package com.epithre.client.resilience.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.error.EpithreCoordinationException;
import com.epithre.client.resilience.CoordinationStatus;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stopped in the middle of a run, on a private {@code redis-server} the test kills and starts again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageTests {

	private static final String KEY = RedisCoordinatorTests.KEY;

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private RedisTestSupport.PrivateRedis redis;

	private RedissonClient redisson;

	@BeforeEach
	void startRedis() {
		this.redis = RedisTestSupport.PrivateRedis.start();
		this.redisson = RedisTestSupport.impatientRedisson(this.redis.address());
	}

	@AfterEach
	void stopRedis() {
		// both null when the test was skipped (or failed in CI) because redis-server is not installed
		if (this.redisson != null) {
			RedisTestSupport.shutdown(this.redisson);
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void fallsBackToTheLocalLimitLogsOnceAndSharesAgainWhenRedisIsBack(CapturedOutput output) throws IOException {
		this.server.streamChunkDelay(Duration.ofMillis(5));
		Instance instance = instance(RedisCoordinationSettings.FailureMode.FALLBACK);
		assertThat(run(instance.client, 10)).hasSize(10);
		assertThat(instance.coordinator.status().state()).isEqualTo(CoordinationStatus.State.SHARED);
		this.redis.stop();
		assertThat(run(instance.client, 30)).as("every call goes on under the local limit").hasSize(30);
		CoordinationStatus down = instance.coordinator.status();
		assertThat(down.state()).isEqualTo(CoordinationStatus.State.FALLBACK);
		assertThat(down.isDegraded()).isTrue();
		assertThat(down.since()).isNotNull();
		assertThat(down.lastError()).isNotBlank();
		assertThat(instance.coordinator.getUnsharedCalls()).isPositive();
		assertThat(this.server.peakInFlight(KEY)).isLessThanOrEqualTo(10);
		assertThat(output.getOut().split("is unreachable", -1)).as("the outage is logged once").hasSize(2);
		// a Redis restarted without persistence has lost the semaphore: it is set up again
		this.redis.startAgain();
		assertThat(RedisTestSupport.await(Duration.ofSeconds(20), () -> {
			run(instance.client, 1);
			return instance.coordinator.status().state() == CoordinationStatus.State.SHARED;
		})).as("limits are shared again once Redis answers").isTrue();
		assertThat(output.getOut()).contains("is reachable again");
		long unshared = instance.coordinator.getUnsharedCalls();
		assertThat(run(instance.client, 10)).hasSize(10);
		assertThat(instance.coordinator.getUnsharedCalls()).isEqualTo(unshared);
		assertThat(output.getOut()).doesNotContain(KEY);
	}

	@Test
	void failsFastWithATypedErrorWhenConfiguredToAndNothingIsSent() throws IOException {
		Instance instance = instance(RedisCoordinationSettings.FailureMode.FAIL);
		assertThat(run(instance.client, 3)).hasSize(3);
		this.redis.stop();
		int sent = this.server.requestCount();
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(instance.client.chat().stream(hello()))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EpithreCoordinationException.class)
					.hasMessageContaining("esk_test_red...")
					.hasMessageContaining("epithre.coordination.on-redis-failure=fail")
					.hasMessageContaining("nothing was sent")
					.hasMessageNotContaining(KEY))
				.verify(Duration.ofSeconds(15));
		}
		assertThat(this.server.requestCount()).isEqualTo(sent);
		assertThat(instance.coordinator.status().state()).isEqualTo(CoordinationStatus.State.UNAVAILABLE);
		assertThat(instance.client.concurrencyLimiter().getInFlight()).as("local permits given back").isZero();
		this.redis.startAgain();
		assertThat(RedisTestSupport.await(Duration.ofSeconds(20), () -> {
			Long count = instance.client.chat().stream(hello()).count().onErrorReturn(-1L).block(Duration.ofSeconds(10));
			return count != null && count > 0
					&& instance.coordinator.status().state() == CoordinationStatus.State.SHARED;
		})).isTrue();
	}

	@Test
	void streamsRunningWhenRedisDiesFinishNormally() {
		this.server.streamChunkDelay(Duration.ofMillis(100)).defaultReply("satu dua tiga empat lima enam tujuh");
		Instance instance = instance(RedisCoordinationSettings.FailureMode.FALLBACK);
		StepVerifier.create(Flux.range(0, 5).flatMap((i) -> instance.client.chat().stream(hello()).count()))
			.then(() -> RedisTestSupport.await(Duration.ofSeconds(10), () -> this.server.inFlight(KEY) == 5))
			.then(this.redis::stop)
			.expectNextCount(5)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		assertThat(instance.client.concurrencyLimiter().getInFlight()).isZero();
	}

	private List<Long> run(EpithreClient client, int calls) {
		return Flux.range(0, calls)
			.flatMap((i) -> client.chat().stream(hello()).count(), calls)
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	private Instance instance(RedisCoordinationSettings.FailureMode onFailure) {
		RedisCoordinationSettings settings = RedisCoordinationSettings.defaults()
			.withNamespace(RedisTestSupport.freshNamespace())
			.withOnFailure(onFailure)
			.withRetryInterval(Duration.ofMillis(500))
			.withCommandTimeout(Duration.ofSeconds(1));
		RedisCoordinator coordinator = new RedisCoordinator(this.redisson.reactive(), settings, Schedulers.parallel(),
				this.redis.address());
		EpithreResilience resilience = EpithreResilience.create(RetryRegistry.ofDefaults(),
				BulkheadRegistry.ofDefaults(), Schedulers.parallel(), coordinator);
		EpithreClient client = EpithreClient.builder(WebClient.builder())
			.settings((s) -> s.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
			.resilience(resilience)
			.build();
		return new Instance(client, coordinator);
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
	}

	record Instance(EpithreClient client, RedisCoordinator coordinator) {
	}

}
