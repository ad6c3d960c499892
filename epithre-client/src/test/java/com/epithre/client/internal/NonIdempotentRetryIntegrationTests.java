package com.epithre.client.internal;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.config.Backoff;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreTransportException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Side-effecting calls (upload, batch create, webhook register) are sent again only when the server cannot have
 * acted on them; exercised here on the chat path marked non-idempotent.
 */
class NonIdempotentRetryIntegrationTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final RetryPolicy quick = RetryPolicy.defaults()
		.withServerError(Backoff.ofMillis(1, 5))
		.withRateLimit(Backoff.ofMillis(1, 5))
		.withConnection(Backoff.ofMillis(1, 5));

	private final EpithreHttp http = TestHttp.http(
			EpithreClientSettings.defaults().withBaseUrl(this.server.baseUrl()).withApiKey(KEY).withRetry(this.quick));

	@Test
	void serverErrorIsNotResentBecauseTheServerMayHaveActed() {
		this.server.enqueue(FakeResponse.backendError(500));
		StepVerifier.create(send(RequestOptions.none()))
			.expectError(EpithreServerException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void droppedConnectionIsNotResentBecauseTheRequestMayHaveArrived() {
		this.server.enqueue(FakeResponse.dropConnection());
		StepVerifier.create(send(RequestOptions.none()))
			.expectError(EpithreTransportException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void rateLimitIsResentBecauseTheServerRefusedIt() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded"));
		StepVerifier.create(send(RequestOptions.none()).then()).expectComplete().verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void optInResendsAfterAServerError() {
		this.server.enqueue(FakeResponse.backendError(500));
		RequestOptions optIn = RequestOptions.none().withRetry(this.quick.withRetryNonIdempotent(true));
		StepVerifier.create(send(optIn).then()).expectComplete().verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	private reactor.core.publisher.Mono<ChatCompletion> send(RequestOptions options) {
		Map<String, Object> body = Map.of("model", "epithre-lyt", "messages",
				java.util.List.of(Map.of("role", "user", "content", "Halo")));
		return this.http.post("/chat/completions", body, ChatCompletion.class, options, "epithre-lyt", false);
	}

}
