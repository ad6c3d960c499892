package com.epithre.client.resilience;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreBulkheadFullException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code RetryConfig} or {@code BulkheadConfig} the application gives Resilience4j under the {@code epithre} name is
 * applied on top of the Epithre policy, which still decides by error code how long each retry waits.
 */
class UserResilienceConfigTests {

	private static final String KEY = RetryIntegrationTests.KEY;

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final RecordingScheduler scheduler = new RecordingScheduler();

	@Test
	void userMaxAttemptsReplacesThePolicysAndTheWaitsStayByErrorCode() {
		RetryConfig user = RetryConfig.custom().maxAttempts(2).build();
		EpithreClient client = client(RetryRegistry.of(Map.of(EpithreResilience.RETRY_NAME, user)),
				BulkheadRegistry.ofDefaults());
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		}
		StepVerifier.create(client.chat().create(request()))
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).as("two attempts, as the user's config says").isEqualTo(2);
		assertThat(this.scheduler.delays()).singleElement()
			.satisfies((delay) -> assertThat(delay.toMillis()).isBetween(1000L, 2000L));
	}

	@Test
	void maxAttemptsGivenForOneCallWinOverTheUsersAndTheUsersFilterStillApplies() {
		RetryConfig user = RetryConfig.custom().maxAttempts(4).ignoreExceptions(EpithreServerException.class).build();
		EpithreClient client = client(RetryRegistry.of(Map.of(EpithreResilience.RETRY_NAME, user)),
				BulkheadRegistry.ofDefaults());
		RequestOptions twice = RequestOptions.none().withRetry(RetryPolicy.defaults().withMaxAttempts(2));
		for (int i = 0; i < 4; i++) {
			this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		}
		StepVerifier.create(client.chat().create(request(), twice))
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).as("two attempts, as the call says").isEqualTo(2);
		this.server.reset();
		this.server.enqueue(FakeResponse.serverError());
		StepVerifier.create(client.chat().create(request(), twice))
			.expectError(EpithreServerException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).as("the user ignores server errors").isEqualTo(1);
		this.server.reset();
		for (int i = 0; i < 4; i++) {
			this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		}
		StepVerifier.create(client.chat().create(request()))
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).as("without options the user's four attempts").isEqualTo(4);
	}

	@Test
	void userExceptionFilterIsAppliedToTheFailureItself() {
		RetryConfig user = RetryConfig.custom().maxAttempts(3).ignoreExceptions(EpithreServerException.class).build();
		EpithreClient client = client(RetryRegistry.of(Map.of(EpithreResilience.RETRY_NAME, user)),
				BulkheadRegistry.ofDefaults());
		this.server.enqueue(FakeResponse.serverError());
		StepVerifier.create(client.chat().create(request()))
			.expectError(EpithreServerException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).as("the user ignores server errors").isEqualTo(1);
		assertThat(this.scheduler.delays()).isEmpty();
	}

	@Test
	void retryTheApplicationRegisteredIsReplacedByOneThatKeepsItsSettingsAndThePolicy() {
		RetryRegistry registry = RetryRegistry.ofDefaults();
		registry.retry(EpithreResilience.RETRY_NAME, RetryConfig.custom().maxAttempts(2).build());
		EpithreClient client = client(registry, BulkheadRegistry.ofDefaults());
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		StepVerifier.create(client.chat().create(request()))
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
		Retry registered = registry.retry(EpithreResilience.RETRY_NAME);
		assertThat(registered.getRetryConfig().getMaxAttempts()).isEqualTo(2);
		assertThat(registered.getMetrics().getNumberOfFailedCallsWithRetryAttempt())
			.as("the registered retry, seen by metrics, made the call").isEqualTo(1);
	}

	@Test
	void userBulkheadConfigSetsTheKeysLimitAndItsBulkhead() {
		BulkheadConfig user = BulkheadConfig.custom().maxConcurrentCalls(3).maxWaitDuration(Duration.ofSeconds(7))
			.build();
		EpithreClient client = client(RetryRegistry.ofDefaults(),
				BulkheadRegistry.of(Map.of(EpithreResilience.RETRY_NAME, user)));
		KeyConcurrencyLimiter limiter = client.concurrencyLimiter();
		assertThat(limiter.getConfiguredLimit()).isEqualTo(3);
		assertThat(limiter.getBulkhead().getMetrics().getMaxAllowedConcurrentCalls()).isEqualTo(3);
		StepVerifier.create(client.chat().create(request()))
			.assertNext((completion) -> assertThat(completion.text()).isNotEmpty())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void userBulkheadConfigWithoutMaxWaitFailsAtOnceNamingItsMaxWaitDuration() {
		BulkheadConfig user = BulkheadConfig.custom().maxConcurrentCalls(1).build();
		EpithreClient client = client(RetryRegistry.ofDefaults(),
				BulkheadRegistry.of(Map.of(EpithreResilience.RETRY_NAME, user)));
		KeyConcurrencyLimiter.Permit held = client.concurrencyLimiter().acquire().block(Duration.ofSeconds(1));
		StepVerifier.create(client.chat().create(request()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreBulkheadFullException.class)
				.hasMessageContaining("within 0 ms")
				.hasMessageContaining("maxWaitDuration of the BulkheadConfig registered under epithre")
				.hasMessageNotContaining("epithre.concurrency.max-wait"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).as("nothing was sent").isZero();
		held.release();
	}

	private EpithreClient client(RetryRegistry retries, BulkheadRegistry bulkheads) {
		EpithreResilience resilience = EpithreResilience.create(retries, bulkheads, this.scheduler);
		return EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(KEY))
			.resilience(resilience)
			.build();
	}

	private static ChatCompletionRequest request() {
		return ChatCompletionRequest.builder("epithre-omni").user("Halo").build();
	}

}
