package com.epithre.client.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import com.epithre.client.error.EpithrePoolExhaustedException.Reason;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EpithrePoolExhaustedException#fromPoolFailure} with real pool exhaustion: a one-connection Reactor
 * Netty pool whose only connection
 * carries a stream the fake server holds open.
 */
@Timeout(20)
class PoolFailuresTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String OPERATION = "POST /chat/completions (stream)";

	private final FakeEpithreServer server = new FakeEpithreServer();

	private final CountDownLatch release = new CountDownLatch(1);

	private ConnectionProvider provider;

	@BeforeEach
	void start() {
		this.server.start().setDispatcher((request) -> {
			try {
				this.release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return FakeResponse.chatStream("Halo");
		});
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.provider != null) {
			this.provider.dispose();
		}
		this.server.close();
	}

	@Test
	void fullPendingQueueBecomesATypedError() {
		this.provider = ConnectionProvider.builder("one").maxConnections(1).pendingAcquireMaxCount(1).build();
		Throwable failure = failureOfRequestsBeyondThePool(2);
		EpithreTransportException typed = EpithrePoolExhaustedException.fromPoolFailure(failure, OPERATION, null, -1);
		assertThat(typed).isInstanceOfSatisfying(EpithrePoolExhaustedException.class, (exhausted) -> {
			assertThat(exhausted.getReason()).isEqualTo(Reason.PENDING_LIMIT);
			assertThat(exhausted.getPoolName()).isNull();
			assertThat(exhausted.getMaxConnections()).isEqualTo(-1);
			assertThat(exhausted.getCause()).isSameAs(failure);
		})
			.hasMessage("Epithre POST /chat/completions (stream) got no connection from the connection pool: its queue "
					+ "of requests waiting for one was full (1, epithre.http.pending-acquire-max-count). Send fewer "
					+ "requests at once (epithre.concurrency.max-in-flight), or raise epithre.http.max-connections if "
					+ "the API allows more concurrent requests");
		assertThat(EpithrePoolExhaustedException.fromPoolFailure(failure, OPERATION, "epithre", 1))
			.hasMessageContaining("from connection pool 'epithre' (at most 1 connection, epithre.http.max-connections)")
			.satisfies((exhausted) -> {
				assertThat(exhausted.getPoolName()).isEqualTo("epithre");
				assertThat(exhausted.getMaxConnections()).isEqualTo(1);
			});
	}

	@Test
	void pendingTimeoutBecomesATypedError() {
		this.provider = ConnectionProvider.builder("one")
			.maxConnections(1)
			.pendingAcquireTimeout(Duration.ofMillis(200))
			.build();
		Throwable failure = failureOfRequestsBeyondThePool(1);
		assertThat(EpithrePoolExhaustedException.fromPoolFailure(failure, OPERATION, "epithre", 1))
			.satisfies((exhausted) -> assertThat(exhausted.getReason()).isEqualTo(Reason.PENDING_TIMEOUT))
			.hasMessageStartingWith("Epithre POST /chat/completions (stream) got no connection from connection pool "
					+ "'epithre' (at most 1 connection, epithre.http.max-connections) within 200 ms "
					+ "(epithre.http.pending-acquire-timeout): every connection stayed busy.");
	}

	@Test
	void otherTransportFailuresAreNotPoolFailures() {
		WebClientRequestException refused = new WebClientRequestException(new ConnectException("Connection refused"),
				HttpMethod.POST, URI.create("http://127.0.0.1:1/v1/chat/completions"), new HttpHeaders());
		assertThat(EpithrePoolExhaustedException.fromPoolFailure(refused, OPERATION, null, -1)).isNull();
		assertThat(EpithrePoolExhaustedException.fromPoolFailure(new IOException("Connection reset by peer"), OPERATION,
				null, -1))
			.isNull();
	}

	@Test
	void typedErrorAlreadyInTheChainIsKept() {
		EpithrePoolExhaustedException typed = new EpithrePoolExhaustedException("full", "epithre", 26,
				Reason.PENDING_LIMIT, null);
		assertThat(EpithrePoolExhaustedException.fromPoolFailure(new IllegalStateException(typed), OPERATION, null, -1))
			.isSameAs(typed);
	}

	/**
	 * Hold the pool's only connection with one stream, then send more requests until the pool refuses one.
	 */
	private Throwable failureOfRequestsBeyondThePool(int requests) {
		WebClient webClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.provider)))
			.baseUrl(this.server.baseUrl())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
			.build();
		Disposable first = stream(webClient).subscribe();
		try {
			await().atMost(TIMEOUT).until(() -> this.server.inFlight(KEY) == 1);
			Throwable[] failure = new Throwable[1];
			StepVerifier.create(Flux.range(0, requests).flatMap((i) -> stream(webClient)))
				.expectErrorSatisfies((ex) -> failure[0] = ex)
				.verify(TIMEOUT);
			return failure[0];
		}
		finally {
			first.dispose();
		}
	}

	private static Mono<String> stream(WebClient webClient) {
		return webClient.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"epithre-lyt\",\"stream\":true,"
					+ "\"messages\":[{\"role\":\"user\",\"content\":\"Halo\"}]}")
			.retrieve()
			.bodyToMono(String.class);
	}

}
