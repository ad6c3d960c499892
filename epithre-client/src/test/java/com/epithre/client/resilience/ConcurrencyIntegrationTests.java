package com.epithre.client.resilience;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyIntegrationTests {

	private static final String KEY = RetryIntegrationTests.KEY;

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreResilience resilience = EpithreResilience.create();

	@Test
	void twoHundredCallersNeverExceedTheKeysCapAndAllSucceed() {
		this.server.streamChunkDelay(Duration.ofMillis(10)).defaultReply("satu dua tiga empat lima");
		EpithreClient client = client(KEY);
		List<Long> counts = Flux.range(0, 200)
			.flatMap((i) -> client.chat().stream(hello()).count(), 200)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(counts).hasSize(200).allSatisfy((count) -> assertThat(count).isGreaterThan(5));
		assertThat(this.server.peakInFlight(KEY)).isLessThanOrEqualTo(10);
		assertThat(this.resilience.getRetriesByCause()).doesNotContainKey("concurrency_exceeded");
		assertThat(client.concurrencyLimiter().getInFlight()).isZero();
	}

	@Test
	void clientsSharingAKeyShareItsLimit() {
		this.server.streamChunkDelay(Duration.ofMillis(10));
		EpithreClient first = client(KEY);
		EpithreClient second = client(KEY);
		assertThat(first.concurrencyLimiter()).isSameAs(second.concurrencyLimiter());
		List<Long> counts = Flux.range(0, 60)
			.flatMap((i) -> ((i % 2 == 0) ? first : second).chat().stream(hello()).count(), 60)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(counts).hasSize(60);
		assertThat(this.server.peakInFlight(KEY)).isLessThanOrEqualTo(10);
	}

	@Test
	void adaptiveLimitConvergesToALowerServerCapAndTheRejectionsStop() {
		this.server.concurrencyCap(6).streamChunkDelay(Duration.ofMillis(20));
		EpithreClient client = client(KEY);
		runWave(client, 40);
		assertThat(client.concurrencyLimiter().getCurrentLimit()).isBetween(1, 6);
		long rejectionsAfterFirstWave = this.resilience.getRetriesByCause().getOrDefault("concurrency_exceeded", 0L);
		assertThat(rejectionsAfterFirstWave).isPositive();
		runWave(client, 40);
		assertThat(this.resilience.getRetriesByCause().getOrDefault("concurrency_exceeded", 0L))
			.as("no concurrency_exceeded once the limit has converged")
			.isEqualTo(rejectionsAfterFirstWave);
		assertThat(this.server.peakInFlight(KEY)).isLessThanOrEqualTo(6);
	}

	@Test
	void streamHoldsItsPermitUntilCancelled() {
		this.server.streamChunkDelay(Duration.ofMillis(100)).defaultReply("satu dua tiga empat lima enam tujuh");
		EpithreClient client = client(KEY);
		StepVerifier.create(client.chat().stream(hello()))
			.expectNextCount(2)
			.then(() -> assertThat(client.concurrencyLimiter().getInFlight()).isEqualTo(1))
			.thenCancel()
			.verify(Duration.ofSeconds(10));
		assertThat(client.concurrencyLimiter().getInFlight()).isZero();
	}

	private void runWave(EpithreClient client, int calls) {
		List<Long> counts = Flux.range(0, calls)
			.flatMap((i) -> client.chat().stream(hello()).count(), calls)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(counts).hasSize(calls);
	}

	private EpithreClient client(String key) {
		return EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(key))
			.resilience(this.resilience)
			.build();
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
	}

}
