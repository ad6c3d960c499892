package com.epithre.boot.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.resilience.CoordinationStatus;
import com.epithre.client.resilience.EpithreCoordinator;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreReactiveHealthIndicatorTests {

	static final String KEY = "esk_test_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

	/** A catalogue without {@code epithre-omni}. */
	static final String CATALOGUE_WITHOUT_OMNI = "{\"object\":\"list\",\"data\":[{\"id\":\"epithre-lyt\","
			+ "\"object\":\"model\",\"context_window\":32768,\"modalities\":[\"text\"],\"capabilities\":[\"chat\"]}]}";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreClient client = client(this.server.baseUrl());

	@Test
	void upWithDetailsButNeverTheKey() {
		Health health = health(new EpithreReactiveHealthIndicator(this.client));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("baseUrl", this.server.baseUrl())
			.containsEntry("keyPrefix", "esk_test_ABC")
			.containsEntry("models", 6)
			.containsEntry("model", "epithre-omni")
			.containsEntry("modelAvailable", true)
			.containsKeys("latencyMs", "checkedAt", "recentCalls")
			.doesNotContainKey("apiKey");
		assertThat(health.toString()).doesNotContain(KEY);
		RecordedRequest request = this.server.takeRequest(TIMEOUT);
		assertThat(request.method() + " " + request.path()).isEqualTo("GET /v1/models");
	}

	@Test
	void probesWithinTheTtlSendOneRequestEvenWhenConcurrent() {
		this.server.enqueue(FakeResponse.json(200, CATALOGUE_WITHOUT_OMNI.replace("epithre-lyt", "epithre-omni"))
			.withFirstByteDelay(Duration.ofMillis(200)));
		EpithreReactiveHealthIndicator indicator = new EpithreReactiveHealthIndicator(this.client);
		StepVerifier.create(Flux.range(0, 10).flatMap((i) -> indicator.health()).concatWith(indicator.health()))
			.expectNextCount(11)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.server.requestCount()).isOne();
	}

	@Test
	void withoutTtlConcurrentProbesStillShareOneRequest() {
		this.server.enqueue(FakeResponse.json(200, CATALOGUE_WITHOUT_OMNI).withFirstByteDelay(Duration.ofMillis(200)));
		EpithreReactiveHealthIndicator indicator = new EpithreReactiveHealthIndicator(this.client,
				EpithreHealthSettings.defaults().withTtl(Duration.ZERO));
		StepVerifier.create(Flux.range(0, 10).flatMap((i) -> indicator.health()))
			.expectNextCount(10)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.server.requestCount()).isOne();
		health(indicator);
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void downWhenEpithreIsUnreachable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		Health health = health(new EpithreReactiveHealthIndicator(client("http://127.0.0.1:" + closedPort + "/v1")));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason").toString()).contains("unreachable");
		assertThat(health.getDetails().get("error").toString()).contains("EpithreTransportException");
	}

	@Test
	void downWithoutRetryWhenEpithreAnswers5xx() {
		this.server.enqueue(FakeResponse.backendError(503));
		Health health = health(new EpithreReactiveHealthIndicator(this.client));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "GET /v1/models answered HTTP 503 backend_unavailable")
			.containsEntry("requestId", this.server.takeRequest(TIMEOUT).requestId());
		assertThat(this.server.requestCount()).isOne();
	}

	@Test
	void downWhenTheModelIsNotInTheCatalogue() {
		this.server.enqueue(FakeResponse.json(200, CATALOGUE_WITHOUT_OMNI));
		Health health = health(new EpithreReactiveHealthIndicator(this.client));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("modelAvailable", false)
			.containsEntry("reason", "model 'epithre-omni' is not in the catalogue");
		Health withOtherModel = health(new EpithreReactiveHealthIndicator(this.client,
				EpithreHealthSettings.defaults().withModel("epithre-prme")));
		assertThat(withOtherModel.getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void keyCheckSendsAnAuthenticatedTokenFreeRequest() {
		Health health = health(new EpithreReactiveHealthIndicator(this.client,
				EpithreHealthSettings.defaults().withVerifyKey(true)));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("apiKey", "accepted");
		List<String> calls = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			RecordedRequest request = this.server.takeRequest(TIMEOUT);
			calls.add(request.method() + " " + request.path() + ((request.query() != null) ? "?" + request.query() : "")
					+ " " + request.header("Authorization"));
		}
		assertThat(calls).contains("GET /v1/batches?limit=1 Bearer " + KEY);
	}

	@Test
	void downWhenTheKeyIsRejected() {
		this.server.requireApiKey("esk_test_someoneelse0000000000000000000");
		Health health = health(new EpithreReactiveHealthIndicator(this.client,
				EpithreHealthSettings.defaults().withVerifyKey(true)));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("apiKey", "rejected")
			.containsEntry("reason", "API key rejected (HTTP 401)");
	}

	@Test
	void degradedBySustainedBackendBusyWithHysteresis() {
		EpithreReactiveHealthIndicator indicator = new EpithreReactiveHealthIndicator(this.client,
				EpithreHealthSettings.defaults()
					.withDegraded(new EpithreHealthSettings.Degraded(10, Duration.ofMinutes(1), 3, 0.5, 0.2)));
		chat(3, true);
		Health degraded = health(indicator);
		assertThat(degraded.getStatus()).isEqualTo(EpithreReactiveHealthIndicator.DEGRADED);
		assertThat(degraded.getDetails()).containsEntry("recentCalls",
				Map.of("calls", 3, "backendBusy", 3, "share", 1.0));
		chat(7, false);
		assertThat(health(indicator).getStatus()).as("0.3 is between the thresholds")
			.isEqualTo(EpithreReactiveHealthIndicator.DEGRADED);
		chat(3, false);
		assertThat(health(indicator).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void resetForgetsTheCachedCheckTheDegradedStatusAndEarlierCalls() {
		EpithreReactiveHealthIndicator indicator = new EpithreReactiveHealthIndicator(this.client,
				EpithreHealthSettings.defaults()
					.withDegraded(new EpithreHealthSettings.Degraded(10, Duration.ofMinutes(1), 3, 0.5, 0.2)));
		chat(3, true);
		assertThat(health(indicator).getStatus()).isEqualTo(EpithreReactiveHealthIndicator.DEGRADED);
		indicator.reset();
		Health health = health(indicator);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("recentCalls",
				Map.of("calls", 0, "backendBusy", 0, "share", 0.0));
		assertThat(this.server.requestCount()).as("3 calls and 2 checks").isEqualTo(5);
		chat(3, true);
		assertThat(health(indicator).getStatus()).as("later calls count again")
			.isEqualTo(EpithreReactiveHealthIndicator.DEGRADED);
	}

	@Test
	void downNamingTheHealthTimeoutWhenTheCheckRunsOutOfTime() {
		this.server.enqueue(FakeResponse.json(200, CATALOGUE_WITHOUT_OMNI).withFirstByteDelay(Duration.ofSeconds(3)));
		this.server.enqueue(FakeResponse.json(200, CATALOGUE_WITHOUT_OMNI).withFirstByteDelay(Duration.ofSeconds(3)));
		EpithreHealthSettings settings = EpithreHealthSettings.defaults().withTimeout(Duration.ofMillis(300));
		Health health = health(new EpithreReactiveHealthIndicator(this.client, settings));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason",
				"GET /v1/models failed: no answer within 300 ms (epithre.health.timeout)");
		assertThat(health.getDetails().get("error").toString()).contains("EpithreTimeoutException",
				"(epithre.health.timeout)");
		assertThat(health.toString()).doesNotContain("epithre.total-timeout", "epithre.response-timeout");
		Health named = health(new EpithreReactiveHealthIndicator(this.client, settings,
				"epithre.clients.batch.health.timeout"));
		assertThat(named.getDetails()).containsEntry("reason",
				"GET /v1/models failed: no answer within 300 ms (epithre.clients.batch.health.timeout)");
	}

	@Test
	void degradedByAnUnreachableCoordinationStoreIsDescribedAsSuch() {
		CoordinationStatus fallback = new CoordinationStatus("redis", CoordinationStatus.State.FALLBACK,
				Instant.now(), "connection refused", "redis://127.0.0.1:6379", 1, 0);
		EpithreCoordinator coordinator = new EpithreCoordinator() {

			@Override
			public Mono<Permit> acquire(String key, String keyPrefix, int maxInFlight, Duration maxWait) {
				return EpithreCoordinator.local().acquire(key, keyPrefix, maxInFlight, maxWait);
			}

			@Override
			public CoordinationStatus status() {
				return fallback;
			}

		};
		EpithreClient client = EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
			.resilience(EpithreResilience.create(RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(),
					Schedulers.parallel(), coordinator))
			.build();
		Health health = health(new EpithreReactiveHealthIndicator(client));
		assertThat(health.getStatus()).isEqualTo(EpithreReactiveHealthIndicator.DEGRADED);
		assertThat(health.getDetails()).containsEntry("reason",
				"limits are not shared: the coordination store is unreachable");
		assertThat(health.getStatus().getDescription()).isEqualTo(health.getDetails().get("reason"))
			.doesNotContain("backend_busy");
	}

	private void chat(int calls, boolean backendBusy) {
		for (int i = 0; i < calls; i++) {
			if (backendBusy) {
				// Retry-After: 0 keeps the model's shared back-off window from holding up the next call
				this.server.enqueue(FakeResponse.backendBusy().withRetryAfter("0"));
			}
			StepVerifier.FirstStep<ChatCompletion> call = StepVerifier.create(this.client.chat()
				.create(ChatCompletionRequest.builder("epithre-lyt").user("Halo").build(),
						RequestOptions.none().withoutRetry()));
			if (backendBusy) {
				call.expectError(EpithreRateLimitException.class).verify(TIMEOUT);
			}
			else {
				call.expectNextCount(1).expectComplete().verify(TIMEOUT);
			}
		}
	}

	private static Health health(EpithreReactiveHealthIndicator indicator) {
		Health[] health = new Health[1];
		StepVerifier.create(indicator.health())
			.consumeNextWith((result) -> health[0] = result)
			.expectComplete()
			.verify(TIMEOUT);
		return health[0];
	}

	private static EpithreClient client(String baseUrl) {
		return EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(baseUrl).withApiKey(KEY))
			.build();
	}

}
