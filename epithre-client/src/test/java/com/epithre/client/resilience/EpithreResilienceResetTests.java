package com.epithre.client.resilience;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EpithreResilience#reset()} against the fake server over loopback HTTP.
 */
class EpithreResilienceResetTests {

	private static final String KEY = RetryIntegrationTests.KEY;

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreResilience resilience = EpithreResilience.create();

	private final EpithreClient client = EpithreClient.builder(WebClient.builder())
		.settings((settings) -> settings.withBaseUrl(this.server.baseUrl())
			.withApiKey(KEY)
			.withRetry(RetryPolicy.disabled()))
		.resilience(this.resilience)
		.build();

	@Test
	void resetOpensABackendBusyWindow() {
		this.server.enqueue(FakeResponse.backendBusy(Duration.ofSeconds(30)));
		StepVerifier.create(this.client.chat().stream(hello()))
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(5));
		// the model's window is closed for 30 s: the next call of the model waits that long before it is sent
		StepVerifier.create(this.client.chat().stream(hello()).count())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(500))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
		this.resilience.reset();
		StepVerifier.create(this.client.chat().stream(hello()).count())
			.assertNext((count) -> assertThat(count).isPositive())
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void resetPutsALoweredLimitBackAndServesTheCallsWaitingForIt() {
		this.server.enqueue(FakeResponse.concurrencyExceeded());
		StepVerifier.create(this.client.chat().stream(hello()))
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(5));
		KeyConcurrencyLimiter limiter = this.client.concurrencyLimiter();
		assertThat(limiter.getCurrentLimit()).isEqualTo(1);
		this.server.streamChunkDelay(Duration.ofMillis(200)).defaultReply("one two three four five six seven eight");
		Disposable first = this.client.chat().stream(hello()).subscribe();
		Disposable second = this.client.chat().stream(hello()).subscribe();
		try {
			await("one call holds the only permit, the other waits").atMost(Duration.ofSeconds(10))
				.until(() -> limiter.getInFlight() == 1 && limiter.getWaiting() == 1);
			this.resilience.reset();
			assertThat(limiter.getCurrentLimit()).isEqualTo(limiter.getConfiguredLimit());
			assertThat(limiter.getWaiting()).as("the waiting call got a permit at once").isZero();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.inFlight(KEY) == 2);
		}
		finally {
			first.dispose();
			second.dispose();
		}
	}

	@Test
	void resetLeavesCallsInFlightTheirPermits() {
		this.server.streamChunkDelay(Duration.ofMillis(200)).defaultReply("one two three four five six");
		Disposable call = this.client.chat().stream(hello()).subscribe();
		try {
			KeyConcurrencyLimiter limiter = this.client.concurrencyLimiter();
			await().atMost(Duration.ofSeconds(10)).until(() -> limiter.getInFlight() == 1);
			this.resilience.reset();
			assertThat(limiter.getInFlight()).isEqualTo(1);
		}
		finally {
			call.dispose();
		}
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Hello").build();
	}

}
