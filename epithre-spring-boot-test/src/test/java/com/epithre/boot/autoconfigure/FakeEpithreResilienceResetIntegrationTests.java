package com.epithre.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.autoconfigure.AutoConfigureFakeEpithre;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring test support resets the client's resilience state after each test: what the first test teaches the
 * client ({@code backend_busy} window, lowered limit) is gone in the second, which shares the cached context.
 */
@SpringBootTest(classes = FakeEpithreResilienceResetIntegrationTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "epithre.retry.enabled=false")
@AutoConfigureFakeEpithre
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeEpithreResilienceResetIntegrationTests {

	@Autowired
	private EpithreClient client;

	@Autowired
	private FakeEpithreServer server;

	@Test
	@Order(1)
	void backendBusyAndConcurrencyExceededTeachTheClient() {
		this.server.enqueue(FakeResponse.concurrencyExceeded());
		this.server.enqueue(FakeResponse.chatStream("one two").withErrorEventAfter(1, FakeResponse.backendBusy()));
		this.server.enqueue(FakeResponse.backendBusy(Duration.ofSeconds(30)));
		fails(EpithreRateLimitException.class);
		fails(EpithreStreamErrorEventException.class);
		fails(EpithreRateLimitException.class);
		assertThat(this.client.concurrencyLimiter().getCurrentLimit()).isEqualTo(1);
		// the model's 30 s backend_busy window holds the next call back
		StepVerifier.create(this.client.chat().stream(hello()).count())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(500))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	@Order(2)
	void nextTestStartsWithTheConfiguredLimitAndNoBackendBusyWindow() {
		assertThat(this.client.concurrencyLimiter().getCurrentLimit())
			.isEqualTo(this.client.concurrencyLimiter().getConfiguredLimit());
		StepVerifier.create(this.client.chat().stream(hello()).count())
			.assertNext((count) -> assertThat(count).isPositive())
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	private void fails(Class<? extends Throwable> type) {
		StepVerifier.create(this.client.chat().stream(hello()))
			.thenConsumeWhile((chunk) -> true)
			.expectError(type)
			.verify(Duration.ofSeconds(5));
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Hello").build();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
