package com.epithre.boot.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.epithre.boot.actuate.app.ActuatorTestApplication;
import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.autoconfigure.AutoConfigureFakeEpithre;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each status of the {@code epithre} health indicator over {@code /actuator/health}, with the key check on, no result
 * reuse, and {@code DEGRADED} ordered and mapped to 503 as the README shows (with {@code DOWN} and
 * {@code OUT_OF_SERVICE}, since a custom mapping replaces Boot's defaults).
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "management.endpoint.health.show-details=always",
				"epithre.health.ttl=0s",
				"epithre.health.verify-key=true", "epithre.health.verify-key-ttl=0s",
				"epithre.health.degraded.window-size=10", "epithre.health.degraded.min-calls=3",
				"management.endpoint.health.status.order=down,degraded,out-of-service,up,unknown",
				// a custom mapping replaces Boot's defaults, so DOWN and OUT_OF_SERVICE are listed again
				"management.endpoint.health.status.http-mapping.down=503",
				"management.endpoint.health.status.http-mapping.out-of-service=503",
				"management.endpoint.health.status.http-mapping.degraded=503" })
@AutoConfigureWebTestClient
@AutoConfigureFakeEpithre
class ActuatorHealthStatusIntegrationTests {

	/** A catalogue without {@code epithre-omni}, the model the health check looks for by default. */
	private static final String CATALOGUE_WITHOUT_OMNI = "{\"object\":\"list\",\"data\":[{\"id\":\"epithre-lyt\","
			+ "\"object\":\"model\",\"context_window\":32768,\"modalities\":[\"text\"],\"capabilities\":[\"chat\"]}]}";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private WebTestClient web;

	@Autowired
	private FakeEpithreServer server;

	@Autowired
	private EpithreClient client;

	@Test
	void upWhenTheModelIsListedAndTheKeyAccepted() {
		health(HttpStatus.OK).jsonPath("$.components.epithre.status")
			.isEqualTo("UP")
			.jsonPath("$.components.epithre.details.apiKey")
			.isEqualTo("accepted");
		RecordedRequest first = this.server.takeRequest(TIMEOUT);
		RecordedRequest second = this.server.takeRequest(TIMEOUT);
		RecordedRequest keyCheck = "/v1/batches".equals(first.path()) ? first : second;
		assertThat(keyCheck.method() + " " + keyCheck.path() + "?" + keyCheck.query())
			.isEqualTo("GET /v1/batches?limit=1");
		assertThat(keyCheck.header("Authorization")).startsWith("Bearer esk_test_");
	}

	@Test
	void downWithoutRetryWhenEpithreAnswers5xx() {
		this.server.setDispatcher(
				(request) -> "/v1/models".equals(request.path()) ? FakeResponse.backendError(502) : null);
		health(HttpStatus.SERVICE_UNAVAILABLE).jsonPath("$.components.epithre.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.epithre.details.reason")
			.isEqualTo("GET /v1/models answered HTTP 502 backend_error")
			.jsonPath("$.components.epithre.details.requestId")
			.isNotEmpty();
		assertThat(this.server.requestCount()).as("one models call, one key check").isEqualTo(2);
	}

	@Test
	void downWhenEpithreDropsTheConnection() {
		this.server.setDispatcher(
				(request) -> "/v1/models".equals(request.path()) ? FakeResponse.dropConnection() : null);
		health(HttpStatus.SERVICE_UNAVAILABLE).jsonPath("$.components.epithre.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.epithre.details.reason")
			.value((reason) -> assertThat(reason.toString()).contains("unreachable"));
	}

	@Test
	void downWhenTheModelIsNotInTheCatalogue() {
		this.server.setDispatcher((request) -> "/v1/models".equals(request.path())
				? FakeResponse.json(200, CATALOGUE_WITHOUT_OMNI) : null);
		health(HttpStatus.SERVICE_UNAVAILABLE).jsonPath("$.components.epithre.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.epithre.details.modelAvailable")
			.isEqualTo(false)
			.jsonPath("$.components.epithre.details.reason")
			.isEqualTo("model 'epithre-omni' is not in the catalogue");
	}

	@Test
	void downWhenTheKeyIsRejected() {
		this.server.requireApiKey("esk_test_someoneelse0000000000000000000");
		health(HttpStatus.SERVICE_UNAVAILABLE).jsonPath("$.components.epithre.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.epithre.details.apiKey")
			.isEqualTo("rejected")
			.jsonPath("$.components.epithre.details.reason")
			.isEqualTo("API key rejected (HTTP 401)");
	}

	@Test
	void degradedIsMappedTo503WhenConfiguredAndRecovers() {
		for (int i = 0; i < 6; i++) {
			// Retry-After: 0 keeps the model's shared back-off window from holding up the next call
			this.server.enqueue(FakeResponse.backendBusy().withRetryAfter("0"));
			StepVerifier.create(this.client.chat().create(request(), RequestOptions.none().withoutRetry()))
				.expectError(EpithreRateLimitException.class)
				.verify(TIMEOUT);
		}
		health(HttpStatus.SERVICE_UNAVAILABLE).jsonPath("$.status")
			.isEqualTo("DEGRADED")
			.jsonPath("$.components.epithre.status")
			.isEqualTo("DEGRADED");
		for (int i = 0; i < 10; i++) {
			StepVerifier.create(this.client.chat().create(request()))
				.expectNextCount(1)
				.expectComplete()
				.verify(TIMEOUT);
		}
		health(HttpStatus.OK).jsonPath("$.status").isEqualTo("UP");
	}

	private WebTestClient.BodyContentSpec health(HttpStatus status) {
		return this.web.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(status).expectBody();
	}

	private static ChatCompletionRequest request() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
	}

}
