package com.epithre.boot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.error.EpithrePoolExhaustedException;
import com.epithre.client.models.ModelList;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Epithre connection pool over real HTTP against the fake server: sizing, reuse, idle and lifetime limits, metrics
 * and typed errors when it runs out of connections.
 */
@Timeout(30)
@ExtendWith(OutputCaptureExtension.class)
class EpithreConnectionPoolIntegrationTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String METRICS = "reactor.netty.connection.provider.";

	private final FakeEpithreServer server = new FakeEpithreServer();

	private final CountDownLatch release = new CountDownLatch(1);

	private ApplicationContextRunner contextRunner;

	private String poolName;

	@BeforeEach
	void start(TestInfo test) {
		this.server.start().concurrencyCap(1000);
		// pool gauges go to Micrometer's global registry, shared by every test in this JVM: a name per test
		this.poolName = "epithre-" + test.getTestMethod().orElseThrow().getName();
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
					WebClientAutoConfiguration.class, EpithreConnectionPoolAutoConfiguration.class,
					EpithreAutoConfiguration.class))
			.withPropertyValues("epithre.base-url=" + this.server.baseUrl(), "epithre.api-key=" + KEY,
					"epithre.http.pool-name=" + this.poolName,
					// without it, closing each context waits 2 s for Boot's Reactor Netty resources to shut down
					"spring.reactor.netty.shutdown-quiet-period=0s");
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.server.close();
	}

	@Test
	void epithreClientBorrowsItsConnectionsFromTheEpithrePoolAndReusesThem() {
		holdChatRequests();
		this.contextRunner.withPropertyValues("epithre.http.max-connections=2").run((context) -> {
			EpithreClient client = context.getBean(EpithreClient.class);
			AtomicInteger completed = new AtomicInteger();
			Flux.range(0, 4).flatMap((i) -> stream(client).then()).doOnComplete(completed::incrementAndGet).subscribe();
			await().atMost(TIMEOUT)
				.until(() -> this.server.inFlight(KEY) == 2 && gauge(context, "pending.connections") == 2.0);
			assertThat(gauge(context, "active.connections")).isEqualTo(2.0);
			assertThat(gauge(context, "max.connections")).isEqualTo(2.0);
			this.release.countDown();
			await().atMost(TIMEOUT).until(() -> completed.get() == 1);
			assertThat(this.server.requestCount()).isEqualTo(4);
			assertThat(this.server.peakInFlight(KEY)).isEqualTo(2);
			assertThat(this.server.connectionCount()).as("the waiting streams reused the connections").isEqualTo(2);
		});
	}

	@Test
	void poolGaugesReachTheApplicationsMeterRegistry() {
		this.contextRunner.run((context) -> {
			StepVerifier.create(context.getBean(EpithreClient.class).models().list())
				.expectNextCount(1)
				.expectComplete()
				.verify(TIMEOUT);
			Gauge max = context.getBean(MeterRegistry.class)
				.find(METRICS + "max.connections")
				.tag("name", this.poolName)
				.gauge();
			assertThat(max).isNotNull();
			assertThat(max.value()).isEqualTo(26.0);
			assertThat(max.getId().getTag("remote.address")).isEqualTo("127.0.0.1:" + this.server.port());
			assertThat(gauge(context, "max.pending.connections")).isEqualTo(52.0);
			// the answer reaches the test before its connection is back in the pool
			await().atMost(TIMEOUT).until(() -> gauge(context, "idle.connections") == 1.0);
			assertThat(gauge(context, "total.connections")).isEqualTo(1.0);
		});
	}

	@Test
	void poolGaugesCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("epithre.http.metrics-enabled=false").run((context) -> {
			StepVerifier.create(context.getBean(EpithreClient.class).models().list())
				.expectNextCount(1)
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(context.getBean(MeterRegistry.class).find(METRICS + "max.connections").tag("name",
					this.poolName).gauge()).isNull();
		});
	}

	@Test
	void poolIsDisposedWithTheContext(CapturedOutput output) {
		AtomicReference<ConnectionProvider> provider = new AtomicReference<>();
		this.contextRunner.run((context) -> {
			provider.set(context.getBean("epithreConnectionProvider", ConnectionProvider.class));
			StepVerifier.create(context.getBean(EpithreClient.class).models().list())
				.expectNextCount(1)
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(provider.get().isDisposed()).isFalse();
			// the answer reaches the test before its connection is back in the pool; close the context only once
			// it is, so the pool holds it idle when disposed (on a loaded machine the release can lag behind)
			await().atMost(TIMEOUT).until(() -> gauge(context, "active.connections") == 0.0);
		});
		await().atMost(TIMEOUT).until(() -> provider.get().isDisposed());
		await().atMost(TIMEOUT).until(() -> this.server.openConnectionCount() == 0);
		// disposed before the shared event loops stopped, so no close of a connection was refused by a dead loop
		assertThat(output).doesNotContain("event executor terminated");
	}

	@Test
	void connectionIdleLongerThanMaxIdleTimeIsNotReused() {
		// a load balancer that drops connections idle for 600 ms, and a pool that retires them after 200 ms
		this.server.idleTimeout(Duration.ofMillis(600));
		this.contextRunner
			.withPropertyValues("epithre.http.max-idle-time=200ms", "epithre.http.evict-in-background=0")
			.run((context) -> {
				EpithreClient client = context.getBean(EpithreClient.class);
				StepVerifier.create(client.models().list()).expectNextCount(1).expectComplete().verify(TIMEOUT);
				await().atMost(TIMEOUT).until(() -> gauge(context, "idle.connections") == 1.0);
				StepVerifier.create(client.models().list()).expectNextCount(1).expectComplete().verify(TIMEOUT);
				assertThat(this.server.connectionCount()).as("a call right after another reuses its connection")
					.isEqualTo(1);
				Mono<ModelList> afterPauses = Mono.delay(Duration.ofMillis(400))
					.then(client.models().list())
					.then(Mono.delay(Duration.ofMillis(400)))
					.then(client.models().list());
				StepVerifier.create(afterPauses).expectNextCount(1).expectComplete().verify(TIMEOUT);
				assertThat(this.server.connectionCount()).as("a call after an idle pause gets a fresh connection")
					.isEqualTo(3);
			});
	}

	@Test
	void connectionClosedByTheServerWhileIdleIsNotHandedToTheNextRequest() {
		this.server.idleTimeout(Duration.ofMillis(100));
		// frequent eviction only makes the pool's gauges show the closed connection gone; lending checks it anyway
		this.contextRunner.withPropertyValues("epithre.http.evict-in-background=50ms").run((context) -> {
			EpithreClient client = context.getBean(EpithreClient.class);
			StepVerifier.create(client.models().list()).expectNextCount(1).expectComplete().verify(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> this.server.openConnectionCount() == 0);
			await().atMost(TIMEOUT).until(() -> gauge(context, "total.connections") == 0.0);
			StepVerifier.create(stream(client).count())
				.assertNext((chunks) -> assertThat(chunks).isPositive())
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(this.server.connectionCount()).isEqualTo(2);
		});
	}

	@Test
	void backgroundEvictionClosesIdleConnections() {
		this.contextRunner
			.withPropertyValues("epithre.http.max-idle-time=200ms", "epithre.http.evict-in-background=100ms")
			.run((context) -> {
				StepVerifier.create(context.getBean(EpithreClient.class).models().list())
					.expectNextCount(1)
					.expectComplete()
					.verify(TIMEOUT);
				assertThat(this.server.openConnectionCount()).isEqualTo(1);
				await().atMost(TIMEOUT).until(() -> this.server.openConnectionCount() == 0);
				assertThat(gauge(context, "idle.connections")).isZero();
			});
	}

	@Test
	void connectionPastMaxLifeTimeFinishesItsStreamAndIsThenRetired() {
		this.server.streamChunkDelay(Duration.ofMillis(60));
		this.contextRunner
			.withPropertyValues("epithre.http.max-life-time=300ms", "epithre.http.evict-in-background=50ms")
			.run((context) -> {
				EpithreClient client = context.getBean(EpithreClient.class);
				ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
				Mono<String> text = client.chat().stream(request).map(ChatCompletionChunk::text).reduce(String::concat);
				StepVerifier.create(text)
					.expectNext(FakeEpithreServer.DEFAULT_REPLY)
					.expectComplete()
					.verify(TIMEOUT);
				StepVerifier.create(client.models().list()).expectNextCount(1).expectComplete().verify(TIMEOUT);
				assertThat(this.server.connectionCount()).isEqualTo(2);
			});
	}

	@Test
	void pendingLimitFailsWithATypedErrorNamingThePool() {
		holdChatRequests();
		this.contextRunner
			.withPropertyValues("epithre.http.max-connections=1", "epithre.http.pending-acquire-max-count=1")
			.run((context) -> {
				EpithreClient client = context.getBean(EpithreClient.class);
				Disposable first = stream(client).subscribe();
				Disposable second = stream(client).subscribe();
				try {
					await().atMost(TIMEOUT).until(() -> gauge(context, "pending.connections") == 1.0);
					StepVerifier.create(stream(client))
						.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(
								EpithrePoolExhaustedException.class, (exhausted) -> {
									assertThat(exhausted.getReason())
										.isEqualTo(EpithrePoolExhaustedException.Reason.PENDING_LIMIT);
									assertThat(exhausted.getPoolName()).isEqualTo(this.poolName);
									assertThat(exhausted.getMaxConnections()).isEqualTo(1);
								})
							.hasMessageContaining("POST /v1/chat/completions")
							.hasMessageContaining("'" + this.poolName + "' (at most 1 connection,")
							.hasMessageContaining("waiting for one was full (1, ")
							.hasMessageContaining("epithre.http.pending-acquire-max-count")
							.hasMessageContaining("epithre.http.max-connections"))
						.verify(TIMEOUT);
				}
				finally {
					first.dispose();
					second.dispose();
				}
			});
	}

	@Test
	void pendingTimeoutFailsWithATypedErrorNamingThePool() {
		holdChatRequests();
		this.contextRunner
			.withPropertyValues("epithre.http.max-connections=1", "epithre.http.pending-acquire-timeout=200ms")
			.run((context) -> {
				EpithreClient client = context.getBean(EpithreClient.class);
				Disposable first = stream(client).subscribe();
				try {
					await().atMost(TIMEOUT).until(() -> this.server.inFlight(KEY) == 1);
					StepVerifier.create(stream(client))
						.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(
								EpithrePoolExhaustedException.class, (exhausted) -> assertThat(exhausted.getReason())
									.isEqualTo(EpithrePoolExhaustedException.Reason.PENDING_TIMEOUT))
							.hasMessageContaining("'" + this.poolName + "' (at most 1 connection,")
							.hasMessageContaining("within 200 ms (epithre.http.pending-acquire-timeout)"))
						.verify(TIMEOUT);
				}
				finally {
					first.dispose();
				}
			});
	}

	@Test
	void connectorStillRunsOnTheLoopsOfBootsReactorResourceFactory() {
		LoopResources loops = LoopResources.create("boot-loops", 1, true);
		ReactorResourceFactory resources = new ReactorResourceFactory();
		resources.setUseGlobalResources(false);
		resources.setLoopResources(loops);
		// what Boot's ReactiveHttpClientAutoConfiguration registers when spring-boot-reactor-netty is present
		ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> bootCustomizer = (builder) -> builder
			.withReactorResourceFactory(resources);
		this.contextRunner.withBean(ClientHttpConnectorBuilderCustomizer.class, () -> bootCustomizer).run((context) -> {
			WebClient webClient = context.getBean("epithreWebClient", WebClient.class);
			Mono<String> thread = webClient.get()
				.uri("/models")
				.exchangeToMono((response) -> response.releaseBody().thenReturn(Thread.currentThread().getName()));
			StepVerifier.create(thread)
				.assertNext((name) -> assertThat(name).startsWith("boot-loops"))
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(gauge(context, "max.connections")).as("on the Epithre pool").isEqualTo(26.0);
		});
		loops.disposeLater(Duration.ZERO, TIMEOUT).block(TIMEOUT);
	}

	private Flux<ChatCompletionChunk> stream(EpithreClient client) {
		return client.chat().stream(ChatCompletionRequest.builder("epithre-lyt").user("Halo").build());
	}

	/**
	 * Hold every chat request on the server until the test releases them (or ends).
	 */
	private void holdChatRequests() {
		this.server.setDispatcher((request) -> {
			if (!request.path().endsWith("/chat/completions")) {
				return null;
			}
			try {
				this.release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return FakeResponse.chatStream("Halo");
		});
	}

	private double gauge(AssertableApplicationContext context, String name) {
		Gauge gauge = context.getBean(MeterRegistry.class).find(METRICS + name).tag("name", this.poolName).gauge();
		return (gauge != null) ? gauge.value() : Double.NaN;
	}

}
