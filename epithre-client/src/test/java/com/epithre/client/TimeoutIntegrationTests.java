package com.epithre.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTimeoutException.Timeout;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class TimeoutIntegrationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreClient client = ClientTestSupport.client(this.server);

	@Test
	void slowFirstByteTripsThePerRequestResponseTimeout() {
		this.server.enqueue(FakeResponse.chatStream("late").withFirstByteDelay(Duration.ofSeconds(3)));
		RequestOptions options = RequestOptions.none().withResponseTimeout(Duration.ofMillis(300));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello(), options))
			.expectErrorSatisfies((error) -> assertTimeout(error, Timeout.RESPONSE, Duration.ofMillis(300)))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void timeoutsMeaningForeverNeverFireAndNeverSendTheCallTwice() {
		// Duration.ofMillis(Long.MAX_VALUE) overflows nanoseconds; it is read as a century, so the periodic check
		// that runs every second sees a deadline far away
		Duration forever = Duration.ofMillis(Long.MAX_VALUE);
		EpithreClient patient = EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl())
				.withApiKey(ClientTestSupport.KEY)
				.withResponseTimeout(forever)
				.withStreamIdleTimeout(forever)
				.withTotalTimeout(forever)
				.withConcurrency(ConcurrencyPolicy.defaults().withMaxInFlight(1).withMaxWait(forever)))
			.resilience(EpithreResilience.create())
			.build();
		this.server.enqueue(FakeResponse.chatStream("satu dua").withFirstByteDelay(Duration.ofMillis(1300)));
		this.server.enqueue(FakeResponse.chatStream("tiga"));
		RequestOptions options = RequestOptions.none().withResponseTimeout(forever).withTotalTimeout(forever);
		StepVerifier.create(Flux.merge(patient.chat().stream(ClientTestSupport.hello(), options).count(),
				patient.chat().stream(ClientTestSupport.hello()).count()))
			.expectNextCount(2)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void firstEventLaterThanTheIdleTimeoutButWithinTheResponseTimeoutIsNoTimeout() {
		this.server.enqueue(FakeResponse.chatStream("satu dua").withFirstByteDelay(Duration.ofMillis(900)));
		RequestOptions options = RequestOptions.none()
			.withResponseTimeout(Duration.ofSeconds(5))
			.withStreamIdleTimeout(Duration.ofMillis(300));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello(), options).count())
			.expectNextMatches((count) -> count >= 3)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void responseTimeoutShorterThanTheIdleTimeoutStillTripsFirst() {
		this.server.enqueue(FakeResponse.chatStream("late").withFirstByteDelay(Duration.ofSeconds(3)));
		RequestOptions options = RequestOptions.none()
			.withResponseTimeout(Duration.ofMillis(300))
			.withStreamIdleTimeout(Duration.ofSeconds(20));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello(), options))
			.expectErrorSatisfies((error) -> assertTimeout(error, Timeout.RESPONSE, Duration.ofMillis(300)))
			.verify(Duration.ofSeconds(2));
	}

	@Test
	void idleTimeoutCountsFromTheLastEventWhenTheResponseTimeoutIsLonger() {
		// the one timer is first due at the idle timeout; an event before that moves the idle deadline on
		this.server.enqueue(FakeResponse.chatStream("satu dua tiga").withChunkDelay(Duration.ofMillis(250)));
		RequestOptions options = RequestOptions.none()
			.withResponseTimeout(Duration.ofSeconds(30))
			.withStreamIdleTimeout(Duration.ofMillis(400));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello(), options).count())
			.expectNextMatches((count) -> count >= 4)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void blockingCallHonoursTheResponseTimeoutFromSettings() {
		EpithreClient impatient = ClientTestSupport.client(this.server,
				EpithreClientSettings.defaults().withResponseTimeout(Duration.ofMillis(250)));
		this.server.enqueue(FakeResponse.chatCompletion("late").withFirstByteDelay(Duration.ofSeconds(3)));
		StepVerifier.create(impatient.chat().create(ClientTestSupport.hello()))
			.expectErrorSatisfies((error) -> assertTimeout(error, Timeout.RESPONSE, Duration.ofMillis(250)))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void dripSlowerThanTheIdleTimeoutFailsAfterTheDeliveredChunks() {
		this.server.enqueue(FakeResponse.chatStream("satu dua tiga").withChunkDelay(Duration.ofSeconds(2)));
		RequestOptions options = RequestOptions.none().withStreamIdleTimeout(Duration.ofMillis(400));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello(), options))
			.expectNextCount(1)
			.expectErrorSatisfies((error) -> assertTimeout(error, Timeout.STREAM_IDLE, Duration.ofMillis(400)))
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void dripFasterThanTheIdleTimeoutCompletesEvenWhenTheStreamOutlastsIt() {
		this.server.enqueue(FakeResponse.chatStream("satu dua tiga empat lima enam")
			.withChunkDelay(Duration.ofMillis(100)));
		RequestOptions options = RequestOptions.none()
			.withStreamIdleTimeout(Duration.ofMillis(600))
			.withResponseTimeout(Duration.ofMillis(600));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello(), options).count())
			.expectNextMatches((count) -> count >= 7)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void totalDeadlineEndsALongHealthyStream() {
		this.server.enqueue(FakeResponse.chatStream("satu dua tiga empat lima enam tujuh delapan sembilan sepuluh")
			.withChunkDelay(Duration.ofMillis(150)));
		RequestOptions options = RequestOptions.none().withTotalTimeout(Duration.ofMillis(500));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello(), options))
			.thenConsumeWhile((chunk) -> true)
			.expectErrorSatisfies((error) -> assertTimeout(error, Timeout.TOTAL, Duration.ofMillis(500)))
			.verify(Duration.ofSeconds(10));
	}

	private static void assertTimeout(Throwable error, Timeout kind, Duration duration) {
		assertThat(error).isInstanceOf(EpithreTimeoutException.class);
		EpithreTimeoutException timeout = (EpithreTimeoutException) error;
		assertThat(timeout.getTimeout()).isEqualTo(kind);
		assertThat(timeout.getDuration()).isEqualTo(duration);
		assertThat(timeout.getMessage()).contains("timed out", duration.toMillis() + " ms", "epithre.");
	}

}
