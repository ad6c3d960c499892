package com.epithre.boot.actuate;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

import com.epithre.boot.actuate.app.ActuatorTestApplication;
import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.autoconfigure.AutoConfigureFakeEpithre;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring test support resets the Epithre health indicator and the client's statistics after each test: the
 * {@code DEGRADED} status, the {@code backend_busy} calls behind it, the counts and last error the {@code epithre}
 * endpoint shows and the cached check of the first test are gone in the second, which shares the cached context.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "epithre.health.degraded.window-size=10", "epithre.health.degraded.min-calls=3" })
@AutoConfigureFakeEpithre
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeEpithreHealthResetIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private EpithreClient client;

	@Autowired
	private FakeEpithreServer server;

	@Autowired
	@Qualifier("epithreHealthContributor")
	private ReactiveHealthIndicator health;

	@Test
	@Order(1)
	void backendBusyMakesTheStatusDegraded() {
		for (int i = 0; i < 6; i++) {
			// Retry-After: 0 keeps the model's shared back-off window from holding up the next call
			this.server.enqueue(FakeResponse.backendBusy().withRetryAfter("0"));
			StepVerifier.create(this.client.chat().create(request(), RequestOptions.none().withoutRetry()))
				.expectError(EpithreRateLimitException.class)
				.verify(TIMEOUT);
		}
		Health health = this.health.health().block(TIMEOUT);
		assertThat(health.getStatus()).isEqualTo(EpithreReactiveHealthIndicator.DEGRADED);
		assertThat(health.getDetails()).containsEntry("recentCalls",
				Map.of("calls", 6, "backendBusy", 6, "share", 1.0));
		assertThat(this.client.stats().getRateLimitedByCode()).containsEntry("backend_busy", 6L);
		assertThat(this.client.stats().getLastError()).isNotNull();
	}

	@Test
	@Order(2)
	void nextTestStartsUpWithoutTheEarlierCallsAndChecksAgain() {
		Health health = this.health.health().block(TIMEOUT);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("recentCalls",
				Map.of("calls", 0, "backendBusy", 0, "share", 0.0));
		assertThat(this.server.requestCount()).as("the check of the first test is not reused").isOne();
		// what the epithre endpoint shows starts empty too
		assertThat(this.client.stats().getRateLimitedByCode()).isEmpty();
		assertThat(this.client.stats().getLastError()).isNull();
		assertThat(this.client.stats().getRecentCalls(10, Duration.ofMinutes(1)).calls()).isZero();
	}

	private static ChatCompletionRequest request() {
		return ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
	}

}
