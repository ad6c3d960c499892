package com.epithre.boot.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.epithre.boot.actuate.app.ActuatorTestApplication;
import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.error.EpithreAuthenticationException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.observation.DefaultEpithreObservationConvention;
import com.epithre.client.observation.EpithreMeterObservationHandler;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.autoconfigure.AutoConfigureFakeEpithre;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health}, {@code /actuator/epithre} and {@code /actuator/metrics} of a running application whose
 * client talks to the fake server. Ordered: the first test sees the health check's first, uncached call.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "epithre.api-key=" + ActuatorIntegrationTests.KEY,
				"management.endpoints.web.exposure.include=health,epithre,metrics",
				"management.endpoint.health.show-details=always", "epithre.retry.rpm-exceeded-min=10ms",
				"epithre.retry.rpm-exceeded-max=20ms", "epithre.health.degraded.window-size=10",
				"epithre.health.degraded.min-calls=3" })
@AutoConfigureWebTestClient
@AutoConfigureFakeEpithre
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActuatorIntegrationTests {

	static final String KEY = "esk_test_SECRETsecretSECRETsecret01234567";

	static final String KEY_PREFIX = "esk_test_SEC";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private WebTestClient web;

	@Autowired
	private FakeEpithreServer server;

	@Autowired
	private EpithreClient client;

	@Autowired
	private MeterRegistry meters;

	@Test
	@Order(1)
	void healthIsUpWithDetailsAndProbesWithinTheTtlSendOneRequest() {
		for (int i = 0; i < 5; i++) {
			this.web.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status").isEqualTo("UP")
				.jsonPath("$.components.epithre.status").isEqualTo("UP")
				.jsonPath("$.components.epithre.details.baseUrl").isEqualTo(this.server.baseUrl())
				.jsonPath("$.components.epithre.details.keyPrefix").isEqualTo(KEY_PREFIX)
				.jsonPath("$.components.epithre.details.models").isEqualTo(6)
				.jsonPath("$.components.epithre.details.model").isEqualTo("epithre-omni")
				.jsonPath("$.components.epithre.details.modelAvailable").isEqualTo(true)
				.jsonPath("$.components.epithre.details.latencyMs").isNumber();
		}
		assertThat(this.server.requestCount()).as("five probes, one request to /v1/models").isOne();
		assertThat(this.server.takeRequest(TIMEOUT).path()).isEqualTo("/v1/models");
	}

	@Test
	@Order(2)
	void epithreEndpointShowsClientStateAndTheCataloguesCapabilities() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		StepVerifier.create(this.client.chat().create(request("epithre-lyt")))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		String rateLimitedRequestId = this.server.takeRequest(TIMEOUT).requestId();
		this.web.get()
			.uri("/actuator/epithre")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clients.epithreClient.baseUrl").isEqualTo(this.server.baseUrl())
			.jsonPath("$.clients.epithreClient.keyPrefix").isEqualTo(KEY_PREFIX)
			.jsonPath("$.clients.epithreClient.concurrency.configuredLimit").isEqualTo(10)
			.jsonPath("$.clients.epithreClient.concurrency.currentLimit").isEqualTo(10)
			.jsonPath("$.clients.epithreClient.concurrency.inFlight").isEqualTo(0)
			.jsonPath("$.clients.epithreClient.concurrency.waiting").isEqualTo(0)
			.jsonPath("$.clients.epithreClient.rateLimited.recentPeriod").isEqualTo("PT15M")
			.jsonPath("$.clients.epithreClient.rateLimited.recent.rpm_exceeded").isEqualTo(1)
			.jsonPath("$.clients.epithreClient.rateLimited.total.rpm_exceeded").isEqualTo(1)
			.jsonPath("$.clients.epithreClient.retriesByCause.rpm_exceeded").isEqualTo(1)
			.jsonPath("$.clients.epithreClient.lastError.requestId").isEqualTo(rateLimitedRequestId)
			.jsonPath("$.clients.epithreClient.lastError.status").isEqualTo(429)
			.jsonPath("$.clients.epithreClient.lastError.code").isEqualTo("rpm_exceeded")
			.jsonPath("$.clients.epithreClient.models.data[?(@.id == 'epithre-omni')].contextWindow").isEqualTo(49152)
			.jsonPath("$.clients.epithreClient.models.data[?(@.id == 'epithre-omni')].capabilities[*]")
			.value((capabilities) -> assertThat(capabilities.toString()).contains("vision", "tool_use"));
		this.web.get()
			.uri("/actuator/epithre/epithreClient")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.keyPrefix")
			.isEqualTo(KEY_PREFIX);
		this.web.get().uri("/actuator/epithre/nope").exchange().expectStatus().isNotFound();
	}

	@Test
	@Order(3)
	void metricsAfterRealCalls() {
		long chats = timerCount("chat", "false", "none");
		double input = tokens("input");
		double output = tokens("output");
		StepVerifier.create(this.client.chat().create(request("epithre-lyt")))
			.consumeNextWith((completion) -> {
				assertThat(tokens("input") - input).isEqualTo(completion.usage().promptTokens().doubleValue());
				assertThat(tokens("output") - output).isEqualTo(completion.usage().completionTokens().doubleValue());
			})
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(timerCount("chat", "false", "none")).isEqualTo(chats + 1);
		long streams = timerCount("chat", "true", "none");
		StepVerifier.create(this.client.chat().stream(request("epithre-omni")).then())
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(timerCount("chat", "true", "none")).isEqualTo(streams + 1);
		assertThat(count(EpithreMeterObservationHandler.TIME_TO_FIRST_CHUNK)).isPositive();
		double cancellations = counter(EpithreMeterObservationHandler.STREAM_CANCELLATIONS);
		StepVerifier.create(this.client.chat().stream(request("epithre-omni")).take(1))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(counter(EpithreMeterObservationHandler.STREAM_CANCELLATIONS)).isEqualTo(cancellations + 1);
		double rateLimited = counter(EpithreMeterObservationHandler.RATE_LIMITED);
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		StepVerifier.create(this.client.chat().create(request("epithre-lyt")))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(counter(EpithreMeterObservationHandler.RATE_LIMITED)).isEqualTo(rateLimited + 1);
		this.web.get()
			.uri("/actuator/metrics/{name}?tag=gen_ai.operation.name:chat&tag=epithre.stream:true",
					DefaultEpithreObservationConvention.NAME)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.measurements[?(@.statistic == 'COUNT')].value")
			.value((value) -> assertThat(value.toString()).isNotEqualTo("[0.0]"));
		this.web.get()
			.uri("/actuator/metrics/{name}?tag=code:rpm_exceeded", EpithreMeterObservationHandler.RATE_LIMITED)
			.exchange()
			.expectStatus()
			.isOk();
		this.web.get()
			.uri("/actuator/metrics/{name}?tag=gen_ai.token.type:output", EpithreMeterObservationHandler.TOKEN_USAGE)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	@Order(4)
	void degradedAfterBackendBusyTrafficAnswersHttp200ByDefaultAndRecovers() {
		// six of the last ten calls (earlier tests made the others)
		for (int i = 0; i < 6; i++) {
			// Retry-After: 0 keeps the model's shared back-off window from holding up the next call
			this.server.enqueue(FakeResponse.backendBusy().withRetryAfter("0"));
			StepVerifier.create(this.client.chat().create(request("epithre-lyt"), RequestOptions.none().withoutRetry()))
				.expectError(EpithreRateLimitException.class)
				.verify(TIMEOUT);
		}
		this.web.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components.epithre.status").isEqualTo("DEGRADED")
			.jsonPath("$.components.epithre.details.recentCalls.backendBusy").isEqualTo(6);
		for (int i = 0; i < 10; i++) {
			StepVerifier.create(this.client.chat().create(request("epithre-lyt")))
				.expectNextCount(1)
				.expectComplete()
				.verify(TIMEOUT);
		}
		this.web.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.epithre.status").isEqualTo("UP");
	}

	@Test
	@Order(5)
	void theKeyAppearsInNoOutput(CapturedOutput output) {
		this.server.enqueue(FakeResponse.authenticationError());
		StepVerifier.create(this.client.chat().create(request("epithre-lyt")))
			.expectError(EpithreAuthenticationException.class)
			.verify(TIMEOUT);
		List<String> bodies = new ArrayList<>();
		bodies.add(get("/actuator/health"));
		bodies.add(get("/actuator/epithre"));
		String metrics = get("/actuator/metrics");
		bodies.add(metrics);
		this.meters.getMeters().forEach((meter) -> bodies.add(get("/actuator/metrics/" + meter.getId().getName())));
		assertThat(bodies).hasSizeGreaterThan(10).allSatisfy((body) -> assertThat(body).doesNotContain(KEY));
		assertThat(get("/actuator/health")).contains(KEY_PREFIX);
		assertThat(this.meters.getMeters())
			.allSatisfy((meter) -> assertThat(meter.getId().toString()).doesNotContain(KEY));
		assertThat(output.getAll()).doesNotContain(KEY);
	}

	private String get(String uri) {
		return this.web.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody();
	}

	private long timerCount(String operation, String stream, String errorType) {
		Timer timer = this.meters.find(DefaultEpithreObservationConvention.NAME)
			.tags("gen_ai.operation.name", operation, "epithre.stream", stream, "error.type", errorType)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double tokens(String type) {
		return this.meters.find(EpithreMeterObservationHandler.TOKEN_USAGE)
			.tag(EpithreMeterObservationHandler.TOKEN_TYPE, type)
			.summaries()
			.stream()
			.mapToDouble((summary) -> summary.totalAmount())
			.sum();
	}

	private long count(String timer) {
		return this.meters.find(timer).timers().stream().mapToLong(Timer::count).sum();
	}

	private double counter(String name) {
		return this.meters.find(name).counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	private static ChatCompletionRequest request(String model) {
		return ChatCompletionRequest.builder(model).user("Apa ibu kota Indonesia?").build();
	}

}
