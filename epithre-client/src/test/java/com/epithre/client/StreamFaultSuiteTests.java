package com.epithre.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionAccumulator;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.FinishReason;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreRateLimitException.Reason;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamEventTooLargeException;
import com.epithre.client.error.EpithreStreamException;
import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTimeoutException.Timeout;
import com.epithre.client.error.EpithreTransportException;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.client.resilience.KeyConcurrencyLimiter;
import com.epithre.client.resilience.RecordingScheduler;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every stream fault the client must survive (docs/epithre-api.md, streaming, errors, limits and timeouts and what the
 * client handles), each checked for what the user sees
 * and for nothing lost or duplicated: the text that arrives is exactly the text sent, the server saw the expected
 * number of requests, and every concurrency permit and server slot is given back. Back-offs run on a scheduler that
 * records them and skips the wait; timeouts are scaled down through {@link RequestOptions}.
 */
class StreamFaultSuiteTests {

	private static final String KEY = ClientTestSupport.KEY;

	private static final String REPLY = "satu dua tiga empat lima";

	private static final Duration VERIFY = Duration.ofSeconds(15);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final RecordingScheduler scheduler = new RecordingScheduler();

	private final EpithreResilience resilience = EpithreResilience.create(RetryRegistry.ofDefaults(),
			BulkheadRegistry.ofDefaults(), this.scheduler);

	private final EpithreClient client = client(EpithreClientSettings.defaults());

	private final EpithreClient once = client(EpithreClientSettings.defaults().withRetry(RetryPolicy.disabled()));

	@AfterEach
	void everyPermitAndServerSlotIsGivenBack() {
		KeyConcurrencyLimiter limiter = this.client.concurrencyLimiter();
		assertThat(this.once.concurrencyLimiter()).isSameAs(limiter);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(limiter.getInFlight()).as("permits in flight").isZero();
			assertThat(limiter.getWaiting()).as("callers waiting").isZero();
			assertThat(limiter.getBulkhead().getMetrics().getAvailableConcurrentCalls())
				.as("bulkhead permits").isEqualTo(limiter.getConfiguredLimit());
			assertThat(this.server.inFlight(KEY)).as("requests in flight on the server").isZero();
		});
	}

	@Test
	void resetMidStreamDeliversExactlyTheChunksSentThenFailsWithoutRetry() {
		this.server.enqueue(FakeResponse.chatStream(REPLY).withResetAfter(3));
		List<String> texts = new ArrayList<>();
		StepVerifier.create(this.client.chat().stream(hello()).map(ChatCompletionChunk::text))
			.recordWith(() -> texts)
			.expectNextCount(3)
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("broke off while reading the response")
				.hasMessageContaining("[request id req"))
			.verify(VERIFY);
		assertThat(texts).containsExactly("", "satu", " dua");
		assertThat(this.server.requestCount()).as("never re-sent after its first event").isEqualTo(1);
		assertThat(this.scheduler.delays()).isEmpty();
	}

	@Test
	void resetBeforeTheFirstEventIsRetriedAndTheAnswerArrivesExactlyOnce() {
		this.server.defaultReply(REPLY);
		this.server.enqueue(FakeResponse.chatStream("lost").withResetAfter(0));
		assertCompleteAnswer(this.client, REPLY);
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.resilience.getRetriesByCause()).containsOnlyKeys("stream_broken");
	}

	@Test
	void closeBeforeAnyResponseByteIsATransportErrorWithoutRetry() {
		this.server.enqueue(FakeResponse.dropConnection());
		StepVerifier.create(this.once.chat().stream(hello()))
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(EpithreTransportException.class)
				.hasMessageContaining("failed before a response")
				.hasMessageContaining(this.server.baseUrl()))
			.verify(VERIFY);
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void closeBeforeAnyResponseByteIsRetriedOnAFreshConnection() {
		this.server.defaultReply(REPLY);
		this.server.enqueue(FakeResponse.dropConnection());
		assertCompleteAnswer(this.client, REPLY);
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.resilience.getRetriesByCause()).containsOnlyKeys("connection");
	}

	@Test
	void closeInsideAnEventNeverDeliversThePartialEvent() {
		this.server.enqueue(FakeResponse.rawStream(chunk("", true), chunk("Hal", false),
				"data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"o dun").withResetAfter(3));
		List<String> texts = new ArrayList<>();
		StepVerifier.create(this.client.chat().stream(hello()).map(ChatCompletionChunk::text))
			.recordWith(() -> texts)
			.expectNextCount(2)
			.expectError(EpithreStreamException.class)
			.verify(VERIFY);
		assertThat(texts).containsExactly("", "Hal");
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void resetRightAfterDoneStillCompletesTheAnswer() {
		this.server.enqueue(FakeResponse.rawStream(chunk("", true), chunk("Halo", false), finish(),
				"data: [DONE]\n\n").withResetAfter(4));
		assertCompleteAnswer(this.client, "Halo");
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void serverKeepingTheStreamOpenAfterDoneIsCutOffAfterTheGraceAndTheAnswerStands() {
		// [DONE], then nothing for 20 s: the answer is complete, so the client stops reading after the 1 s grace
		// instead of waiting for the idle timeout (30 s)
		this.server.enqueue(FakeResponse.rawStream(chunk("", true) + chunk("Halo", false) + finish()
				+ "data: [DONE]\n\n", ": still here\n\n").withChunkDelay(Duration.ofSeconds(20)));
		assertCompleteAnswer(this.client, "Halo");
		assertThat(this.server.awaitDisconnects(1, Duration.ofSeconds(5))).as("upstream disconnected").isTrue();
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void dripBelowTheIdleTimeoutCompletesAlthoughTheStreamOutlastsIt() {
		this.server.enqueue(FakeResponse.chatStream(REPLY).withChunkDelay(Duration.ofMillis(150)));
		Duration idle = Duration.ofMillis(600);
		RequestOptions options = RequestOptions.none().withStreamIdleTimeout(idle).withResponseTimeout(idle);
		long start = System.nanoTime();
		ChatCompletion completion = accumulate(this.client.chat().stream(hello(), options));
		// 8 paced gaps of 150 ms: the timer restarts with every event instead of running from the start
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(idle);
		assertThat(completion.text()).isEqualTo(REPLY);
		assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void dripAboveTheIdleTimeoutIsATypedTimeoutAndTheServerSeesTheDisconnect() {
		this.server.enqueue(FakeResponse.chatStream(REPLY).withChunkDelay(Duration.ofSeconds(3)));
		Duration idle = Duration.ofMillis(400);
		List<String> texts = new ArrayList<>();
		StepVerifier.create(this.client.chat().stream(hello(), RequestOptions.none().withStreamIdleTimeout(idle))
			.map(ChatCompletionChunk::text))
			.recordWith(() -> texts)
			.expectNextCount(1)
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreTimeoutException.class)
					.hasMessageContaining("400 ms")
					.hasMessageContaining("epithre.stream.idle-timeout")
					.hasMessageContaining("[request id req");
				assertThat(((EpithreTimeoutException) error).getTimeout()).isEqualTo(Timeout.STREAM_IDLE);
			})
			.verify(VERIFY);
		assertThat(texts).containsExactly("");
		assertThat(this.server.awaitDisconnects(1, Duration.ofSeconds(5))).as("upstream disconnected").isTrue();
		assertThat(this.server.requestCount()).as("a timed-out stream is never re-sent").isEqualTo(1);
	}

	/**
	 * docs/epithre-api.md, limits and timeouts: omni may queue a request 45 s before its first byte. With the defaults
	 * (180 s response
	 * timeout, 30 s idle timeout) that wait is longer than the idle timeout and within the response timeout; the
	 * same proportions, scaled down, must succeed, because the idle timeout only runs between events.
	 */
	@Test
	void firstByteLaterThanTheIdleTimeoutButWithinTheResponseTimeoutSucceeds() {
		Duration queueing = Duration.ofSeconds(45);
		EpithreClientSettings defaults = EpithreClientSettings.defaults();
		assertThat(queueing).isGreaterThan(defaults.streamIdleTimeout()).isLessThan(defaults.responseTimeout());
		this.server.enqueue(FakeResponse.chatStream(REPLY).withFirstByteDelay(Duration.ofMillis(1500)));
		RequestOptions scaled = RequestOptions.none()
			.withStreamIdleTimeout(Duration.ofMillis(500))
			.withResponseTimeout(Duration.ofSeconds(6));
		ChatCompletion completion = accumulate(this.client.chat().stream(hello(), scaled));
		assertThat(completion.text()).isEqualTo(REPLY);
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void malformedChunkMidStreamFailsAfterExactlyTheChunksBeforeIt() {
		this.server.enqueue(FakeResponse.chatStream(REPLY).withMalformedChunkAt(2));
		List<String> texts = new ArrayList<>();
		StepVerifier.create(this.client.chat().stream(hello()).map(ChatCompletionChunk::text))
			.recordWith(() -> texts)
			.expectNextCount(2)
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("unreadable event")
				.hasMessageContaining("[request id req"))
			.verify(VERIFY);
		assertThat(texts).containsExactly("", "satu");
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void malformedFirstChunkIsRetriedAndTheAnswerArrivesExactlyOnce() {
		this.server.defaultReply(REPLY);
		this.server.enqueue(FakeResponse.chatStream("lost").withMalformedChunkAt(0));
		assertCompleteAnswer(this.client, REPLY);
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void errorEventMidStreamIsTypedByItsCodeAfterTheDeliveredChunks() {
		this.server.enqueue(FakeResponse.chatStream(REPLY)
			.withErrorEventAfter(3, "backend_error", "backend_error", "Inference backend error"));
		List<String> texts = new ArrayList<>();
		StepVerifier.create(this.client.chat().stream(hello()).map(ChatCompletionChunk::text))
			.recordWith(() -> texts)
			.expectNextCount(3)
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreStreamErrorEventException.class)
					.hasMessageContaining("backend_error");
				assertThat(((EpithreStreamErrorEventException) error).getApiError())
					.isInstanceOf(EpithreServerException.class);
			})
			.verify(VERIFY);
		assertThat(texts).containsExactly("", "satu", " dua");
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void missingDoneIsATruncationAfterTheWholeTextArrived() {
		this.server.enqueue(FakeResponse.chatStream(REPLY).withoutDone());
		List<String> texts = new ArrayList<>();
		StepVerifier.create(this.client.chat().stream(hello()).map(ChatCompletionChunk::text))
			.recordWith(() -> texts)
			.thenConsumeWhile((text) -> true)
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("without data: [DONE]")
				.hasMessageContaining("[request id req"))
			.verify(VERIFY);
		assertThat(String.join("", texts)).isEqualTo(REPLY);
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void htmlBadGatewayIsRetriedOnceThenTypedWithASnippet() {
		String page = "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>";
		this.server.enqueue(FakeResponse.html(502, page));
		this.server.enqueue(FakeResponse.html(502, page));
		StepVerifier.create(this.client.chat().stream(hello()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreServerException.class)
				.hasMessageContaining("HTTP 502")
				.hasMessageContaining("502 Bad Gateway"))
			.verify(VERIFY);
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.scheduler.delays()).singleElement()
			.satisfies((delay) -> assertThat(delay).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
	}

	@Test
	void htmlBadGatewayFollowedByAHealthyStreamDeliversTheAnswerOnce() {
		this.server.defaultReply(REPLY);
		this.server.enqueue(FakeResponse.html(502, "<html><body>502 Bad Gateway</body></html>"));
		assertCompleteAnswer(this.client, REPLY);
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void eventOverTheMaximumSizeFailsNamingTheLimitThePropertyAndTheRequestId() {
		EpithreClient small = client(EpithreClientSettings.defaults()
			.withRetry(RetryPolicy.disabled())
			.withMaxEventSize(DataSize.ofKilobytes(1)));
		String big = "x".repeat(2048);
		this.server.enqueue(FakeResponse.rawStream(chunk("", true), chunk("Halo", false), chunk(big, false),
				"data: [DONE]\n\n"));
		List<String> texts = new ArrayList<>();
		StepVerifier.create(small.chat().stream(hello()).map(ChatCompletionChunk::text))
			.recordWith(() -> texts)
			.expectNextCount(2)
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreStreamEventTooLargeException.class)
					.hasMessageContaining("1024 bytes")
					.hasMessageContaining("epithre.stream.max-event-size")
					.hasMessageContaining("[request id req");
				assertThat(((EpithreStreamEventTooLargeException) error).getMaxEventSize()).isEqualTo(1024);
				assertThat(((EpithreStreamEventTooLargeException) error).getRequestId()).startsWith("req");
			})
			.verify(VERIFY);
		assertThat(texts).containsExactly("", "Halo");
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void lineWithoutEndIsCutOffAtTheMaximumSizeInsteadOfBuffered() {
		EpithreClient small = client(EpithreClientSettings.defaults()
			.withRetry(RetryPolicy.disabled())
			.withMaxEventSize(DataSize.ofKilobytes(64)));
		// 200 writes 20 ms apart of one comment line that never ends: the limit trips after about 16 of them, long
		// before the server is done, so the server sees the client hang up
		String[] flood = new String[200];
		flood[0] = chunk("", true);
		for (int i = 1; i < flood.length; i++) {
			flood[i] = ": " + "z".repeat(4096);
		}
		this.server.enqueue(FakeResponse.rawStream(flood).withChunkDelay(Duration.ofMillis(20)));
		StepVerifier.create(small.chat().stream(hello()))
			.expectNextCount(1)
			.expectError(EpithreStreamEventTooLargeException.class)
			.verify(VERIFY);
		assertThat(this.server.awaitDisconnects(1, Duration.ofSeconds(5))).as("the rest is not read").isTrue();
	}

	static Stream<Arguments> rateLimits() {
		List<Arguments> arguments = new ArrayList<>();
		for (String code : List.of("rpm_exceeded", "concurrency_exceeded", "backend_busy", "rpd_exceeded")) {
			arguments.add(Arguments.of(code, null));
			arguments.add(Arguments.of(code, "2"));
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0}, Retry-After {1}")
	@MethodSource("rateLimits")
	void rateLimitOnAStreamIsTypedByItsCodeWithItsRetryAfter(String code, @Nullable String retryAfter) {
		FakeResponse limited = FakeResponse.rateLimited(code);
		this.server.enqueue((retryAfter != null) ? limited.withRetryAfter(retryAfter) : limited);
		StepVerifier.create(this.once.chat().stream(hello()))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreRateLimitException.class)
					.hasMessageContaining(code)
					.hasMessageContaining("esk_test_012...")
					.hasMessageNotContaining(KEY);
				EpithreRateLimitException rateLimit = (EpithreRateLimitException) error;
				assertThat(rateLimit.getReason()).isEqualTo(reason(code));
				assertThat(rateLimit.getRetryAfter())
					.isEqualTo((retryAfter != null) ? Duration.ofSeconds(Long.parseLong(retryAfter)) : null);
				assertThat(rateLimit.isRetryable()).isEqualTo(!"rpd_exceeded".equals(code));
				assertThat(rateLimit.getRequestId()).startsWith("req");
			})
			.verify(VERIFY);
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@ParameterizedTest(name = "{0}, Retry-After {1}")
	@MethodSource("rateLimits")
	void rateLimitOnAStreamIsRetriedByItsCodeAndTheAnswerArrivesExactlyOnce(String code, @Nullable String retryAfter) {
		this.server.defaultReply(REPLY);
		FakeResponse limited = FakeResponse.rateLimited(code);
		this.server.enqueue((retryAfter != null) ? limited.withRetryAfter(retryAfter) : limited);
		if ("rpd_exceeded".equals(code)) {
			StepVerifier.create(this.client.chat().stream(hello()))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreRateLimitException.class)
					.hasMessageContaining("resets at the next UTC midnight"))
				.verify(VERIFY);
			assertThat(this.server.requestCount()).as("the daily quota is not retried").isEqualTo(1);
			assertThat(this.scheduler.delays()).isEmpty();
			return;
		}
		assertCompleteAnswer(this.client, REPLY);
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.scheduler.delays()).singleElement()
			.satisfies((delay) -> assertThat(delay).isBetween(minDelay(code, retryAfter), maxDelay(code, retryAfter)));
		assertThat(this.resilience.getRetriesByCause()).containsOnlyKeys(code);
	}

	private static Reason reason(String code) {
		return switch (code) {
			case "rpm_exceeded" -> Reason.RPM;
			case "rpd_exceeded" -> Reason.RPD;
			case "concurrency_exceeded" -> Reason.CONCURRENCY;
			default -> Reason.BACKEND_BUSY;
		};
	}

	/** docs/epithre-api.md, errors: rpm 1-2 s, concurrency 10-100 ms, omni backend_busy 5-10 s; Retry-After wins. */
	private static Duration minDelay(String code, @Nullable String retryAfter) {
		if (retryAfter != null) {
			// backend_busy: the model's window is the Retry-After, each caller adds its own jitter on top
			return Duration.ofSeconds(Long.parseLong(retryAfter)).minusMillis(100);
		}
		return switch (code) {
			case "rpm_exceeded" -> Duration.ofSeconds(1);
			case "concurrency_exceeded" -> Duration.ofMillis(10);
			default -> Duration.ofMillis(4900);
		};
	}

	private static Duration maxDelay(String code, @Nullable String retryAfter) {
		if (retryAfter != null) {
			Duration window = Duration.ofSeconds(Long.parseLong(retryAfter));
			return "backend_busy".equals(code) ? window.plusSeconds(5) : window;
		}
		return switch (code) {
			case "rpm_exceeded" -> Duration.ofSeconds(2);
			case "concurrency_exceeded" -> Duration.ofMillis(100);
			default -> Duration.ofSeconds(10);
		};
	}

	private void assertCompleteAnswer(EpithreClient client, String expected) {
		ChatCompletion completion = accumulate(client.chat().stream(hello()));
		assertThat(completion.text()).isEqualTo(expected);
		assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
	}

	private static ChatCompletion accumulate(Flux<ChatCompletionChunk> chunks) {
		AtomicReference<ChatCompletion> result = new AtomicReference<>();
		StepVerifier.create(ChatCompletionAccumulator.accumulate(chunks))
			.consumeNextWith(result::set)
			.expectComplete()
			.verify(VERIFY);
		return result.get();
	}

	private EpithreClient client(EpithreClientSettings settings) {
		return EpithreClient.builder(WebClient.builder())
			.settings(settings.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
			.resilience(this.resilience)
			.build();
	}

	private static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-omni").user("Hitung sampai lima").build();
	}

	private static String chunk(String content, boolean first) {
		String delta = first ? "{\"role\":\"assistant\",\"content\":\"" + content + "\"}"
				: "{\"content\":\"" + content + "\"}";
		return "data: {\"id\":\"chatcmpl-f\",\"choices\":[{\"index\":0,\"delta\":" + delta + "}]}\n\n";
	}

	private static String finish() {
		return "data: {\"id\":\"chatcmpl-f\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
	}

}
