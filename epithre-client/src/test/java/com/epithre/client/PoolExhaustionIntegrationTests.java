package com.epithre.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.error.EpithrePoolExhaustedException;
import com.epithre.client.error.EpithrePoolExhaustedException.Reason;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client built without Spring Boot on a pool of the user's own that runs out of connections: the failure is typed
 * by the client's own error translation.
 */
@Timeout(20)
class PoolExhaustionIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final FakeEpithreServer server = new FakeEpithreServer();

	private final CountDownLatch release = new CountDownLatch(1);

	private final ConnectionProvider provider = ConnectionProvider.builder("mine")
		.maxConnections(1)
		.pendingAcquireMaxCount(1)
		.build();

	private EpithreClient client;

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
		WebClient.Builder webClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.provider)));
		this.client = EpithreClient.builder(webClient)
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(ClientTestSupport.KEY))
			.build();
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.provider.dispose();
		this.server.close();
	}

	@Test
	void poolThatRefusesAConnectionFailsTheCallWithATypedError() {
		Disposable first = this.client.chat().stream(ClientTestSupport.hello()).subscribe();
		try {
			await().atMost(TIMEOUT).until(() -> this.server.inFlight(ClientTestSupport.KEY) == 1);
			StepVerifier
				.create(Flux.merge(this.client.chat().stream(ClientTestSupport.hello()),
						this.client.chat().stream(ClientTestSupport.hello())))
				.expectErrorSatisfies((ex) -> assertThat(ex)
					.isInstanceOfSatisfying(EpithrePoolExhaustedException.class,
							(exhausted) -> assertThat(exhausted.getReason()).isEqualTo(Reason.PENDING_LIMIT))
					.hasMessageStartingWith("Epithre POST /chat/completions (stream) got no connection from the "
							+ "connection pool: its queue of requests waiting for one was full (1, "))
				.verify(TIMEOUT);
		}
		finally {
			first.dispose();
		}
	}

}
