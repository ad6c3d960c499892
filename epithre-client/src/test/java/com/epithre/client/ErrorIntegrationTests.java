package com.epithre.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreAuthenticationException;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreInvalidResponseException;
import com.epithre.client.error.EpithreQuotaException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreTransportException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorIntegrationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	// these tests are about how errors look, so nothing is retried
	private final EpithreClient client = ClientTestSupport.client(this.server,
			EpithreClientSettings.defaults().withRetry(RetryPolicy.disabled()));

	@Test
	void rateLimitWithRetryAfterCarriesReasonDelayAndRequestId() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded").withRetryAfter("3"));
		StepVerifier.create(this.client.chat().create(ClientTestSupport.hello()))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreRateLimitException.class);
				EpithreRateLimitException rateLimit = (EpithreRateLimitException) error;
				assertThat(rateLimit.getReason()).isEqualTo(EpithreRateLimitException.Reason.RPM);
				assertThat(rateLimit.getRetryAfter()).isEqualTo(Duration.ofSeconds(3));
				assertThat(rateLimit.getStatusCode()).isEqualTo(429);
				assertThat(rateLimit.getRequestId()).isNotBlank();
				assertThat(rateLimit.getMessage()).contains("rpm_exceeded", rateLimit.getRequestId(),
						"esk_test_012...");
			})
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void statusErrorsOnAStreamAreTypedBeforeAnyEvent() {
		this.server.enqueue(FakeResponse.monthlyCapExceeded());
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello()))
			.expectError(EpithreQuotaException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void htmlBadGatewayFromAProxyIsAServerErrorWithASnippet() {
		this.server.enqueue(FakeResponse.html(502, "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreServerException.class)
				.hasMessageContaining("HTTP 502")
				.hasMessageContaining("502 Bad Gateway"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void wrongKeyIsAnAuthenticationErrorThatNeverShowsTheKey() {
		this.server.requireApiKey("esk_test_another0123456789abcdefghijklmn");
		StepVerifier.create(this.client.chat().create(ClientTestSupport.hello()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreAuthenticationException.class)
				.hasMessageContaining("HTTP 401")
				.hasMessageNotContaining(ClientTestSupport.KEY))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void serverSideValidationErrorIsABadRequest() {
		ChatCompletionRequest unknownModel = ChatCompletionRequest.builder("gpt-4o").user("x").build();
		StepVerifier.create(this.client.chat().create(unknownModel))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreBadRequestException.class)
				.extracting((ex) -> ((EpithreBadRequestException) ex).getCode())
				.isEqualTo("model_not_found"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void perKeyCapAnswersConcurrencyExceededToTheEleventhStream() {
		EpithreClient unlimited = ClientTestSupport.client(this.server, EpithreClientSettings.defaults()
			.withRetry(RetryPolicy.disabled())
			.withConcurrency(ConcurrencyPolicy.defaults().withMaxInFlight(20).withAdaptive(false)));
		this.server.streamChunkDelay(Duration.ofMillis(150));
		List<Throwable> errors = new ArrayList<>();
		Long completed = Flux.range(0, 11)
			.flatMap((i) -> unlimited.chat()
				.stream(ClientTestSupport.hello())
				.then(Mono.just(1L))
				.onErrorResume((error) -> {
					synchronized (errors) {
						errors.add(error);
					}
					return Mono.empty();
				}), 11)
			.count()
			.block(Duration.ofSeconds(30));
		assertThat(completed).isEqualTo(10);
		assertThat(errors).singleElement()
			.isInstanceOfSatisfying(EpithreRateLimitException.class, (error) -> assertThat(error.getReason())
				.isEqualTo(EpithreRateLimitException.Reason.CONCURRENCY));
		assertThat(this.server.peakInFlight(ClientTestSupport.KEY)).isEqualTo(10);
	}

	@Test
	void jsonAnswerToAStreamRequestIsAnInvalidResponse() {
		this.server.enqueue(FakeResponse.json(200, "{\"id\":\"chatcmpl-x\",\"choices\":[]}"));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreInvalidResponseException.class)
				.hasMessageContaining("instead of text/event-stream"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void unreadableSuccessBodyIsAnInvalidResponse() {
		this.server.enqueue(FakeResponse.json(200, "{\"choices\": [oops"));
		StepVerifier.create(this.client.chat().create(ClientTestSupport.hello()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreInvalidResponseException.class)
				.satisfies((ex) -> assertThat(((EpithreException) ex).getRequestId()).isNotBlank()))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void droppedConnectionBeforeAnyResponseIsATransportError() {
		this.server.enqueue(FakeResponse.dropConnection());
		StepVerifier.create(this.client.chat().create(ClientTestSupport.hello()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreTransportException.class)
				.hasMessageContaining("before a response"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void refusedConnectionIsATransportErrorNamingTheUrl() {
		FakeEpithreServer stopped = new FakeEpithreServer().start();
		String baseUrl = stopped.baseUrl();
		stopped.close();
		EpithreClient unreachable = EpithreClient.builder(org.springframework.web.reactive.function.client.WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(baseUrl).withApiKey(ClientTestSupport.KEY))
			.build();
		StepVerifier.create(unreachable.models().list())
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreTransportException.class)
				.hasMessageContaining(baseUrl)
				.hasMessageContaining("GET /models"))
			.verify(Duration.ofSeconds(10));
	}

}
