package com.epithre.client.resilience;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.Backoff;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreStreamException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class RetryIntegrationTests {

	static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final RecordingScheduler scheduler = new RecordingScheduler();

	private final EpithreResilience resilience = EpithreResilience.create(RetryRegistry.ofDefaults(),
			BulkheadRegistry.ofDefaults(), this.scheduler);

	private final EpithreClient client = EpithreClient.builder(WebClient.builder())
		.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
		.resilience(this.resilience)
		.build();

	@Test
	void rpmExceededIsRetriedAfterOneToTwoSeconds() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		succeeds(request("epithre-omni"));
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.scheduler.delays()).singleElement().satisfies((delay) -> within(delay, 1000, 2000));
		assertThat(this.resilience.getRetriesByCause()).containsEntry("rpm_exceeded", 1L);
	}

	@Test
	void rpdExceededIsNotRetriedAndSaysWhenTheQuotaResets() {
		this.server.enqueue(FakeResponse.rateLimited("rpd_exceeded"));
		StepVerifier.create(this.client.chat().create(request("epithre-omni")))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreRateLimitException.class)
				.hasMessageContaining("resets at the next UTC midnight")
				.hasMessageContaining("T00:00:00Z"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(1);
		assertThat(this.scheduler.delays()).isEmpty();
	}

	@Test
	void concurrencyExceededTightensTheKeysLimitAndRetriesOnceAPermitFrees() {
		this.server.enqueue(FakeResponse.rateLimited("concurrency_exceeded"));
		succeeds(request("epithre-omni"));
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.scheduler.delays()).singleElement().satisfies((delay) -> within(delay, 10, 100));
		assertThat(this.client.concurrencyLimiter().getCurrentLimit()).isLessThan(10).isPositive();
		assertThat(this.client.concurrencyLimiter().getConfiguredLimit()).isEqualTo(10);
	}

	@Test
	void backendBusyOnOmniBacksOffLongerThanOnLyt() {
		this.server.enqueue(FakeResponse.backendBusy());
		succeeds(request("epithre-omni"));
		assertThat(this.scheduler.delays()).singleElement().satisfies((delay) -> within(delay, 4900, 10000));
		this.scheduler.clear();
		this.server.enqueue(FakeResponse.backendBusy());
		succeeds(request("epithre-lyt"));
		assertThat(this.scheduler.delays()).singleElement().satisfies((delay) -> within(delay, 900, 3000));
	}

	@Test
	void backendBusyMakesEveryCallerOfThatModelWaitOutTheSameWindow() {
		this.server.enqueue(FakeResponse.backendBusy());
		StepVerifier.create(this.client.chat().create(request("epithre-omni"), RequestOptions.none().withoutRetry()))
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.scheduler.delays()).isEmpty();
		succeeds(request("epithre-omni"));
		assertThat(this.scheduler.delays()).as("a later omni call waits for the shared window")
			.singleElement()
			.satisfies((delay) -> within(delay, 4900, 10000));
		this.scheduler.clear();
		succeeds(request("epithre-prme"));
		assertThat(this.scheduler.delays()).as("other models are not held back").isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502 })
	void serverErrorIsRetriedOnce(int status) {
		this.server.enqueue(FakeResponse.backendError(status));
		this.server.enqueue(FakeResponse.backendError(status));
		StepVerifier.create(this.client.chat().create(request("epithre-omni")))
			.expectError(EpithreServerException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.scheduler.delays()).singleElement().satisfies((delay) -> within(delay, 1000, 2000));
	}

	@Test
	void unavailableBacksOffLongerThanAServerError() {
		this.server.enqueue(FakeResponse.backendError(503));
		succeeds(request("epithre-omni"));
		assertThat(this.scheduler.delays()).singleElement().satisfies((delay) -> within(delay, 5000, 10000));
	}

	@Test
	void gatewayTimeoutIsRetriedUpToMaxAttempts() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(FakeResponse.backendError(504));
		}
		StepVerifier.create(this.client.chat().create(request("epithre-omni")))
			.expectErrorSatisfies((error) -> assertThat(((EpithreApiException) error).getStatusCode()).isEqualTo(504))
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(3);
		assertThat(this.scheduler.delays()).hasSize(2).allSatisfy((delay) -> within(delay, 1000, 3000));
	}

	@Test
	void connectionDroppedBeforeAnyResponseByteIsRetriedOnAFreshConnection() {
		this.server.enqueue(FakeResponse.dropConnection());
		succeeds(request("epithre-omni"));
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.scheduler.delays()).singleElement().satisfies((delay) -> within(delay, 50, 250));
		assertThat(this.resilience.getRetriesByCause()).containsEntry("connection", 1L);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 402, 403, 404, 413, 422 })
	void clientErrorsAreNeverRetried(int status) {
		this.server.enqueue(FakeResponse.error(status, "invalid_request_error", "some_code", "no"));
		StepVerifier.create(this.client.chat().create(request("epithre-omni")))
			.expectError(EpithreApiException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(1);
		assertThat(this.scheduler.delays()).isEmpty();
	}

	@Test
	void retryAfterInSecondsWins() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded").withRetryAfter("7"));
		succeeds(request("epithre-omni"));
		assertThat(this.scheduler.delays()).containsExactly(Duration.ofSeconds(7));
	}

	@Test
	void retryAfterAsHttpDateWins() {
		String inTwentySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(20));
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded").withRetryAfter(inTwentySeconds));
		succeeds(request("epithre-omni"));
		assertThat(this.scheduler.delays()).singleElement().satisfies((delay) -> within(delay, 17000, 20000));
	}

	@Test
	void retryAfterIsCappedByMaxRetryAfter() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded").withRetryAfter("3600"));
		succeeds(request("epithre-omni"));
		assertThat(this.scheduler.delays()).containsExactly(Duration.ofSeconds(60));
	}

	@Test
	void streamIsRetriedBeforeItsFirstEvent() {
		this.server.defaultReply("Satu dua tiga.");
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		StepVerifier.create(this.client.chat().stream(request("epithre-omni")).map(ChatCompletionChunk::text)
				.reduce("", String::concat))
			.expectNext("Satu dua tiga.")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void streamIsNeverRetriedAfterItsFirstEvent() {
		this.server.enqueue(FakeResponse.chatStream("Satu dua tiga empat").withResetAfter(2));
		StepVerifier.create(this.client.chat().stream(request("epithre-omni")))
			.expectNextCount(2)
			.expectError(EpithreStreamException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(1);
		assertThat(this.scheduler.delays()).isEmpty();
	}

	@Test
	void errorEventBeforeTheFirstChunkIsRetriedLikeItsStatus() {
		this.server.enqueue(FakeResponse.chatStream("Satu dua").withErrorEventAfter(0, "rate_limit_error",
				"backend_busy", "full"));
		StepVerifier.create(this.client.chat().stream(request("epithre-lyt")).then())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void retriesCanBeSwitchedOffPerRequest() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		StepVerifier.create(this.client.chat().create(request("epithre-omni"), RequestOptions.none().withoutRetry()))
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void maxAttemptsCanBeLoweredPerRequest() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		}
		RequestOptions twoAttempts = RequestOptions.none().withRetry(RetryPolicy.defaults().withMaxAttempts(2));
		StepVerifier.create(this.client.chat().create(request("epithre-omni"), twoAttempts))
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void perCodeBackoffCanBeOverriddenPerRequest() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		RequestOptions quick = RequestOptions.none()
			.withRetry(RetryPolicy.defaults().withRateLimit(Backoff.ofMillis(5, 5)));
		StepVerifier.create(this.client.chat().create(request("epithre-omni"), quick).then())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.scheduler.delays()).containsExactly(Duration.ofMillis(5));
	}

	private void succeeds(ChatCompletionRequest request) {
		StepVerifier.create(this.client.chat().create(request))
			.assertNext((completion) -> assertThat(completion.text()).isNotEmpty())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	private static ChatCompletionRequest request(String model) {
		return ChatCompletionRequest.builder(model).user("Halo").build();
	}

	private static void within(Duration delay, long minMillis, long maxMillis) {
		assertThat(delay.toMillis()).isBetween(minMillis, maxMillis);
	}

}
