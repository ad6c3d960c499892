package com.epithre.boot.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import com.epithre.boot.actuate.EpithreEndpoint;
import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two named clients beside the default one, each with its own base URL, key, limits, pool and health settings, over
 * real HTTP to two fake servers.
 */
class EpithreNamedClientsIntegrationTests {

	private static final String DEFAULT_KEY = "esk_test_defaultkey00000123456789abcdef";

	private static final String KEY_A = "esk_test_tenantaaaa0123456789abcdefghij";

	private static final String KEY_B = "esk_test_tenantbbbb0123456789abcdefghij";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	static final FakeEpithreExtension serverA = new FakeEpithreExtension();

	@RegisterExtension
	static final FakeEpithreExtension serverB = new FakeEpithreExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s",
				"epithre.base-url=" + serverA.server().baseUrl(), "epithre.api-key=" + DEFAULT_KEY,
				"epithre.stream.idle-timeout=11s", "epithre.clients.tenant-a.api-key=" + KEY_A,
				"epithre.clients.tenant-b.base-url=" + serverB.server().baseUrl(),
				"epithre.clients.tenant-b.api-key=" + KEY_B, "epithre.clients.tenant-b.response-timeout=7s",
				"epithre.clients.tenant-b.concurrency.max-in-flight=3",
				"epithre.clients.tenant-b.http.max-connections=5", "epithre.clients.tenant-b.health.verify-key=true")
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				EpithreConnectionPoolAutoConfiguration.class, EpithreAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, EpithreHealthContributorAutoConfiguration.class,
				EndpointAutoConfiguration.class, EpithreEndpointAutoConfiguration.class))
		.withUserConfiguration(Consumers.class);

	@Test
	void eachNamedClientIsInjectedByItsNameAndTheDefaultStaysUnqualified() {
		this.contextRunner.run((context) -> {
			Consumers consumers = context.getBean(Consumers.class);
			assertThat(consumers.unqualified).isSameAs(context.getBean("epithreClient"));
			assertThat(consumers.tenantA).isSameAs(context.getBean("epithreClient-tenant-a"));
			assertThat(consumers.tenantB).isSameAs(context.getBean("epithreClient-tenant-b"));
			assertThat(context).getBeans(EpithreClient.class).hasSize(3);
		});
	}

	@Test
	void eachClientSendsToItsOwnBaseUrlWithItsOwnKey() {
		this.contextRunner.run((context) -> {
			Consumers consumers = context.getBean(Consumers.class);
			ChatCompletionRequest hello = ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
			consumers.unqualified.chat().create(hello).block(TIMEOUT);
			consumers.tenantA.chat().stream(hello).blockLast(TIMEOUT);
			consumers.tenantB.chat().create(hello).block(TIMEOUT);
			assertThat(bearer(serverA.server())).isEqualTo(DEFAULT_KEY);
			assertThat(bearer(serverA.server())).as("tenant-a inherits the default base URL").isEqualTo(KEY_A);
			assertThat(bearer(serverB.server())).isEqualTo(KEY_B);
			assertThat(serverA.server().requestCount()).isEqualTo(2);
			assertThat(serverB.server().requestCount()).isEqualTo(1);
		});
	}

	@Test
	void aNamedClientTakesItsOwnSettingsAndInheritsTheRest() {
		this.contextRunner.run((context) -> {
			Consumers consumers = context.getBean(Consumers.class);
			EpithreClient tenantB = consumers.tenantB;
			assertThat(tenantB.settings().responseTimeout()).isEqualTo(Duration.ofSeconds(7));
			assertThat(tenantB.settings().streamIdleTimeout()).isEqualTo(Duration.ofSeconds(11));
			assertThat(tenantB.concurrencyLimiter().getConfiguredLimit()).isEqualTo(3);
			assertThat(consumers.tenantA.concurrencyLimiter().getConfiguredLimit()).isEqualTo(10);
			assertThat(consumers.tenantA.concurrencyLimiter()).isNotSameAs(tenantB.concurrencyLimiter())
				.isNotSameAs(consumers.unqualified.concurrencyLimiter());
			ConnectionProvider pool = context.getBean("epithreConnectionProvider-tenant-b", ConnectionProvider.class);
			assertThat(pool.name()).isEqualTo("epithre-tenant-b");
			assertThat(pool.maxConnections()).isEqualTo(5);
			assertThat(context.getBean("epithreConnectionProvider", ConnectionProvider.class).name())
				.isEqualTo("epithre");
		});
	}

	@Test
	void healthAndTheEndpointShowEveryClient() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=epithre").run((context) -> {
			CompositeReactiveHealthContributor health = context.getBean("epithreHealthContributor",
					CompositeReactiveHealthContributor.class);
			Health tenantB = ((ReactiveHealthIndicator) Objects
				.requireNonNull(health.getContributor("epithreClient-tenant-b"))).health().block(TIMEOUT);
			Health tenantA = ((ReactiveHealthIndicator) Objects
				.requireNonNull(health.getContributor("epithreClient-tenant-a"))).health().block(TIMEOUT);
			assertThat(tenantB.getDetails()).containsEntry("baseUrl", serverB.server().baseUrl())
				.as("tenant-b verifies its key").containsKey("apiKey");
			assertThat(tenantA.getDetails()).doesNotContainKey("apiKey");
			assertThat(health.getContributor("epithreClient")).isNotNull();
			assertThat(context.getBean(EpithreEndpoint.class).clients().clients()).containsOnlyKeys("epithreClient",
					"epithreClient-tenant-a", "epithreClient-tenant-b");
		});
	}

	@Test
	void aNamedClientsHealthCheckTimeoutNamesItsOwnProperty() {
		serverA.server()
			.enqueue(FakeResponse.json(200, "{\"object\":\"list\",\"data\":[]}")
				.withFirstByteDelay(Duration.ofSeconds(3)));
		this.contextRunner.withPropertyValues("epithre.clients.tenant-a.health.timeout=300ms").run((context) -> {
			CompositeReactiveHealthContributor health = context.getBean("epithreHealthContributor",
					CompositeReactiveHealthContributor.class);
			Health tenantA = ((ReactiveHealthIndicator) Objects
				.requireNonNull(health.getContributor("epithreClient-tenant-a"))).health().block(TIMEOUT);
			assertThat(tenantA.getDetails()).containsEntry("reason",
					"GET /v1/models failed: no answer within 300 ms (epithre.clients.tenant-a.health.timeout)");
		});
	}

	@Test
	void aBadNamedPropertyFailsStartUpNamingIt() {
		this.contextRunner.withPropertyValues("epithre.clients.tenant-b.concurrency.max-in-flight=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(EpithreConfigurationException.class)
				.hasMessageContaining("epithre.clients.tenant-b.concurrency.max-in-flight"));
	}

	@Test
	void aBadNamedHealthPropertyFailsStartUpNamingIt() {
		this.contextRunner.withPropertyValues("epithre.clients.tenant-b.health.timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(EpithreConfigurationException.class)
				.hasMessageContaining("epithre.clients.tenant-b.health.timeout must be longer than zero")
				.hasMessageContaining("Set epithre.clients.tenant-b.health.timeout to")
				.hasMessageNotContaining("epithre.health.timeout"));
		this.contextRunner.withPropertyValues("epithre.clients.tenant-a.health.degraded.min-calls=30")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("epithre.clients.tenant-a.health.degraded.min-calls (30) is larger than "
						+ "epithre.clients.tenant-a.health.degraded.window-size (20)"));
	}

	private static String bearer(FakeEpithreServer server) {
		RecordedRequest request = Objects.requireNonNull(server.takeRequest(TIMEOUT), "no request arrived");
		return Objects.requireNonNull(request.header("authorization")).substring("Bearer ".length());
	}

	@Configuration(proxyBeanMethods = false)
	static class Consumers {

		final EpithreClient unqualified;

		final EpithreClient tenantA;

		final EpithreClient tenantB;

		Consumers(EpithreClient unqualified, @Qualifier("tenant-a") EpithreClient tenantA,
				@Qualifier("tenant-b") EpithreClient tenantB) {
			this.unqualified = unqualified;
			this.tenantA = tenantA;
			this.tenantB = tenantB;
		}

	}

}
