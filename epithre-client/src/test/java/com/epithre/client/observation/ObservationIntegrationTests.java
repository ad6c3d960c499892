package com.epithre.client.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.Usage;
import com.epithre.client.config.Backoff;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreBulkheadFullException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationIntegrationTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ObservationRegistry observations = ObservationRegistry.create();

	{
		this.observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(new EpithreMeterObservationHandler(this.meters))
			.observationHandler(new ObservationHandler<>() {

				@Override
				public void onStop(Observation.Context context) {
					ObservationIntegrationTests.this.stopped.add(context);
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
	}

	private final EpithreClient client = client(RetryPolicy.defaults().withRateLimit(Backoff.ofMillis(1, 5)),
			ConcurrencyPolicy.defaults());

	@Test
	void chatIsTimedAndItsTokenUsageRecordedWithGenAiTags() {
		List<ChatCompletion> completions = new CopyOnWriteArrayList<>();
		StepVerifier.create(this.client.chat().create(request("epithre-lyt")))
			.recordWith(() -> completions)
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		ChatCompletion completion = completions.get(0);
		Timer timer = this.meters.get(DefaultEpithreObservationConvention.NAME)
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.provider.name", "epithre")
			.tag("gen_ai.request.model", "epithre-lyt")
			.tag("error.type", "none")
			.tag("server.address", "127.0.0.1")
			.tag("epithre.stream", "false")
			.timer();
		assertThat(timer.count()).isOne();
		Usage usage = completion.usage();
		assertThat(tokens("input")).isEqualTo(usage.promptTokens().doubleValue()).isPositive();
		assertThat(tokens("output")).isEqualTo(usage.completionTokens().doubleValue()).isPositive();
		assertThat(tokens("cache_read")).isZero();
		EpithreObservationContext context = lastEpithreContext();
		assertThat(context.getContextualName()).isEqualTo("chat epithre-lyt");
		assertThat(context.getHighCardinalityKeyValue("gen_ai.response.id").getValue()).isEqualTo(completion.id());
		assertThat(context.getHighCardinalityKeyValue("epithre.request_id").getValue())
			.isEqualTo(this.server.takeRequest(TIMEOUT).requestId());
	}

	@Test
	void streamRecordsTimeToFirstChunkChunksAndUsageFromTheUsageChunk() {
		List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();
		StepVerifier.create(this.client.chat().stream(request("epithre-lyt")))
			.recordWith(() -> chunks)
			.thenConsumeWhile((chunk) -> true)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.meters.get(DefaultEpithreObservationConvention.NAME)
			.tag("epithre.stream", "true")
			.tag("error.type", "none")
			.timer()
			.count()).isOne();
		Timer firstChunk = this.meters.get(EpithreMeterObservationHandler.TIME_TO_FIRST_CHUNK)
			.tag("gen_ai.request.model", "epithre-lyt")
			.timer();
		assertThat(firstChunk.count()).isOne();
		assertThat(firstChunk.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(this.meters.get(EpithreMeterObservationHandler.STREAM_CHUNKS).summary().totalAmount())
			.isEqualTo(chunks.size());
		Usage usage = chunks.get(chunks.size() - 1).usage();
		assertThat(tokens("output")).isEqualTo(usage.completionTokens().doubleValue()).isPositive();
		assertThat(tokens("input")).isEqualTo(usage.promptTokens().doubleValue()).isPositive();
	}

	@Test
	void cancelledStreamIsCountedAndEndsTheObservation() {
		this.server.streamChunkDelay(Duration.ofMillis(20));
		StepVerifier.create(this.client.chat().stream(request("epithre-omni")).take(2))
			.expectNextCount(2)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.meters.get(EpithreMeterObservationHandler.STREAM_CANCELLATIONS)
			.tag("gen_ai.request.model", "epithre-omni")
			.counter()
			.count()).isOne();
		assertThat(this.meters.get(DefaultEpithreObservationConvention.NAME)
			.tag("error.type", DefaultEpithreObservationConvention.CANCELLED)
			.timer()
			.count()).isOne();
		assertThat(lastEpithreContext().isCancelled()).isTrue();
	}

	@Test
	void rateLimitsAreCountedByCodeAndRetriesByTheCauseTheResilienceUses() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		StepVerifier.create(this.client.chat().create(request("epithre-lyt")))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.meters.get(EpithreMeterObservationHandler.RATE_LIMITED)
			.tag("code", "rpm_exceeded")
			.counter()
			.count()).isOne();
		assertThat(this.meters.get(EpithreMeterObservationHandler.RETRIES)
			.tag("cause", "rpm_exceeded")
			.counter()
			.count()).isOne();
		assertThat(this.client.resilience().getRetriesByCause()).containsEntry("rpm_exceeded", 1L);
		assertThat(this.client.stats().getRateLimitedByCode()).containsEntry("rpm_exceeded", 1L);
		assertThat(this.client.stats().getLastError()).satisfies((error) -> {
			assertThat(error.requestId()).isEqualTo(this.server.takeRequest(TIMEOUT).requestId());
			assertThat(error.status()).isEqualTo(429);
			assertThat(error.code()).isEqualTo("rpm_exceeded");
		});
		assertThat(this.meters.get(DefaultEpithreObservationConvention.NAME).tag("error.type", "none").timer().count())
			.isOne();
	}

	@Test
	void errorTypeIsTheEpithreCode() {
		StepVerifier.create(this.client.chat().create(request("epithre-nope")))
			.expectError(EpithreBadRequestException.class)
			.verify(TIMEOUT);
		assertThat(this.meters.get(DefaultEpithreObservationConvention.NAME)
			.tag("error.type", "model_not_found")
			.tag("gen_ai.request.model", "epithre-nope")
			.timer()
			.count()).isOne();
	}

	@Test
	void backendBusyAnswersCountAmongRecentCallsOfAModel() {
		this.server.enqueue(FakeResponse.backendBusy());
		StepVerifier.create(this.client.chat().create(request("epithre-lyt"), RequestOptions.none().withoutRetry()))
			.expectError()
			.verify(TIMEOUT);
		StepVerifier.create(this.client.models().list()).expectNextCount(1).expectComplete().verify(TIMEOUT);
		assertThat(this.client.stats().getRecentCalls(20, Duration.ofMinutes(1)))
			.isEqualTo(new EpithreClientStats.RecentCalls(1, 1));
		assertThat(this.client.stats().getCatalogue().models().find("epithre-omni")).isPresent();
	}

	@Test
	void callRefusedForWantOfAPermitIsCounted() {
		EpithreClient single = client(RetryPolicy.disabled(),
				ConcurrencyPolicy.defaults().withMaxInFlight(1).withMaxQueue(0));
		this.server.streamChunkDelay(Duration.ofMillis(50));
		// the stream holds the only permit while its first chunk is handled, and nobody may wait
		StepVerifier
			.create(single.chat()
				.stream(request("epithre-lyt"))
				.flatMap((chunk) -> single.chat().create(request("epithre-lyt")), 1)
				.take(1))
			.expectError(EpithreBulkheadFullException.class)
			.verify(TIMEOUT);
		assertThat(this.meters.get(EpithreMeterObservationHandler.BULKHEAD_REJECTIONS).counter().count()).isOne();
		assertThat(single.stats().getBulkheadRejections()).isOne();
	}

	@Test
	void consumerSeesTheCallsObservationAndRequestIdWhileHandlingEachChunk() {
		List<@Nullable Object> seen = new CopyOnWriteArrayList<>();
		List<@Nullable String> requestIds = new CopyOnWriteArrayList<>();
		StepVerifier.create(this.client.chat().stream(request("epithre-omni")).doOnNext((chunk) -> {
			Observation current = this.observations.getCurrentObservation();
			seen.add((current != null) ? current.getContext() : null);
			requestIds.add(MDC.get("epithre.request_id"));
		})).thenConsumeWhile((chunk) -> true).expectComplete().verify(TIMEOUT);
		String requestId = this.server.takeRequest(TIMEOUT).requestId();
		assertThat(seen).isNotEmpty().allSatisfy((context) -> assertThat(context)
			.isInstanceOfSatisfying(EpithreObservationContext.class,
					(epithre) -> assertThat(epithre.getOperationName()).isEqualTo("chat")));
		assertThat(requestIds).isNotEmpty().containsOnly(requestId);
		assertThat(MDC.get("epithre.request_id")).isNull();
		assertThat(this.observations.getCurrentObservation()).isNull();
	}

	@Test
	void consumerSeesTheRequestIdWhileHandlingEachChunkWithoutObservations() {
		EpithreClient unobserved = EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
			.build();
		List<@Nullable String> requestIds = new CopyOnWriteArrayList<>();
		StepVerifier.create(unobserved.chat()
			.stream(request("epithre-omni"))
			.doOnNext((chunk) -> requestIds.add(MDC.get("epithre.request_id"))))
			.thenConsumeWhile((chunk) -> true)
			.expectComplete()
			.verify(TIMEOUT);
		String requestId = this.server.takeRequest(TIMEOUT).requestId();
		assertThat(requestIds).isNotEmpty().containsOnly(requestId);
		assertThat(MDC.get("epithre.request_id")).isNull();
	}

	@Test
	void observationIsChildOfTheSubscribersAndParentOfTheHttpExchange() {
		WebClient.Builder observedWebClientBuilder = WebClient.builder().observationRegistry(this.observations);
		EpithreClient observedWebClient = EpithreClient.builder(observedWebClientBuilder)
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
			.observationRegistry(this.observations)
			.build();
		Observation parent = Observation.start("caller", this.observations);
		StepVerifier
			.create(observedWebClient.chat()
				.create(request("epithre-lyt"))
				.contextWrite(Context.of("micrometer.observation", parent)))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		parent.stop();
		EpithreObservationContext epithre = lastEpithreContext();
		assertThat(epithre.getParentObservation()).isSameAs(parent);
		assertThat(this.stopped).filteredOn(ClientRequestObservationContext.class::isInstance)
			.singleElement()
			.satisfies((http) -> assertThat(http.getParentObservation().getContextView()).isSameAs(epithre));
	}

	@Test
	void springsHttpClientObservationTagsStreamedAndPlainCallsWithTheirPath() {
		EpithreClient observedWebClient = EpithreClient
			.builder(WebClient.builder().observationRegistry(this.observations))
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
			.build();
		StepVerifier.create(observedWebClient.chat().create(request("epithre-lyt")))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		for (int i = 0; i < 2; i++) {
			StepVerifier.create(observedWebClient.chat().stream(request("epithre-lyt")).then())
				.expectComplete()
				.verify(TIMEOUT);
		}
		assertThat(this.stopped).filteredOn(ClientRequestObservationContext.class::isInstance)
			.map(ClientRequestObservationContext.class::cast)
			.hasSize(3)
			.allSatisfy((http) -> {
				assertThat(http.getUriTemplate()).isEqualTo(this.server.baseUrl() + "/chat/completions");
				assertThat(http.getRequest().url()).hasToString(this.server.baseUrl() + "/chat/completions");
			});
		assertThat(this.meters.get("http.client.requests").tag("uri", "/v1/chat/completions").timers())
			.singleElement()
			.satisfies((timer) -> assertThat(timer.count()).isEqualTo(3));
	}

	@Test
	void clientWithoutObservationRegistryStillRecordsStats() {
		EpithreClient plain = EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
			.build();
		this.server.enqueue(FakeResponse.rateLimited("rpd_exceeded"));
		StepVerifier.create(plain.chat().create(request("epithre-lyt"))).expectError().verify(TIMEOUT);
		assertThat(plain.stats().getRateLimitedByCode(Duration.ofMinutes(1))).containsEntry("rpd_exceeded", 1L);
		assertThat(this.meters.getMeters()).isEmpty();
	}

	private EpithreClient client(RetryPolicy retry, ConcurrencyPolicy concurrency) {
		return EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl())
				.withApiKey(KEY)
				.withRetry(retry)
				.withConcurrency(concurrency))
			.observationRegistry(this.observations)
			.build();
	}

	private double tokens(String type) {
		return this.meters.get(EpithreMeterObservationHandler.TOKEN_USAGE)
			.tag(EpithreMeterObservationHandler.TOKEN_TYPE, type)
			.summary()
			.totalAmount();
	}

	private EpithreObservationContext lastEpithreContext() {
		List<EpithreObservationContext> contexts = this.stopped.stream()
			.filter(EpithreObservationContext.class::isInstance)
			.map(EpithreObservationContext.class::cast)
			.toList();
		assertThat(contexts).isNotEmpty();
		return contexts.get(contexts.size() - 1);
	}

	private static ChatCompletionRequest request(String model) {
		return ChatCompletionRequest.builder(model).user("Apa ibu kota Indonesia?").build();
	}

}
