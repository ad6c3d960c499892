package com.epithre.ai;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreChatModelConcurrencyIntegrationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreResilience resilience = EpithreResilience.create();

	private final EpithreClient client = EpithreClient.builder(WebClient.builder())
		.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(AiTestSupport.KEY))
		.resilience(this.resilience)
		.build();

	private final ChatClient chatClient = ChatClient.builder(EpithreChatModel.builder(this.client).build()).build();

	@Test
	void concurrentStreamsAboveTheServersCapAllSucceedHeldByTheLimiter() {
		this.server.concurrencyCap(4).streamChunkDelay(Duration.ofMillis(10)).defaultReply("satu dua tiga empat lima");
		List<String> answers = Flux.range(0, 40)
			.flatMap((i) -> this.chatClient.prompt()
				.user("Hitung " + i)
				.stream()
				.content()
				.collectList()
				.map((pieces) -> String.join("", pieces)), 40)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(answers).hasSize(40).allSatisfy((answer) -> assertThat(answer).isEqualTo("satu dua tiga empat lima"));
		assertThat(this.server.peakInFlight(AiTestSupport.KEY)).isBetween(1, 4);
		assertThat(this.resilience.getRetriesByCause().getOrDefault("concurrency_exceeded", 0L))
			.as("the server's 429s were retried, not passed on")
			.isPositive();
		assertThat(this.client.concurrencyLimiter().getInFlight()).isZero();
	}

	@Test
	void blockingCallsRideOutAStormOf429s() {
		this.server.defaultReply("selesai");
		for (int i = 0; i < 6; i++) {
			this.server.enqueue(FakeResponse.concurrencyExceeded());
		}
		List<String> answers = Flux.range(0, 12)
			.flatMap((i) -> Mono.fromCallable(() -> this.chatClient.prompt().user("Tugas " + i).call().content())
				.subscribeOn(Schedulers.boundedElastic()), 12)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(answers).hasSize(12).allSatisfy((answer) -> assertThat(answer).isEqualTo("selesai"));
		assertThat(this.resilience.getRetriesByCause()).containsEntry("concurrency_exceeded", 6L);
		assertThat(this.client.concurrencyLimiter().getInFlight()).isZero();
	}

}
