package com.epithre.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreConnectionPoolAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				EpithreConnectionPoolAutoConfiguration.class, EpithreAutoConfiguration.class))
		// without it, closing each context waits 2 s for Boot's Reactor Netty resources to shut down
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s");

	@Test
	void createsANamedPoolSizedFromTheConcurrencyLimitByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("epithreConnectionProvider").hasSingleBean(EpithreConnectionPool.class);
			ConnectionProvider provider = context.getBean("epithreConnectionProvider", ConnectionProvider.class);
			assertThat(provider.name()).isEqualTo("epithre");
			assertThat(provider.maxConnections()).as("10 in flight + 16 headroom").isEqualTo(26);
			assertThat(context.getBean(EpithreConnectionPool.class).provider()).isSameAs(provider);
			EpithreHttpProperties properties = context.getBean(EpithreHttpProperties.class);
			assertThat(properties.getMaxConnections()).isNull();
			assertThat(properties.getConnectionHeadroom()).isEqualTo(16);
			assertThat(properties.getPendingAcquireMaxCount()).isNull();
			assertThat(properties.getPendingAcquireTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.getMaxIdleTime()).isEqualTo(Duration.ofSeconds(45));
			assertThat(properties.getMaxLifeTime()).isEqualTo(Duration.ofMinutes(5));
			assertThat(properties.getEvictInBackground()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.isMetricsEnabled()).isTrue();
		});
	}

	@Test
	void derivedPoolSizeFollowsTheConcurrencyLimitAndHeadroom() {
		this.contextRunner
			.withPropertyValues("epithre.concurrency.max-in-flight=100", "epithre.http.connection-headroom=4")
			.run((context) -> assertThat(
					context.getBean("epithreConnectionProvider", ConnectionProvider.class).maxConnections())
				.isEqualTo(104));
	}

	@Test
	void bindsEveryProperty() {
		this.contextRunner
			.withPropertyValues("epithre.http.pool-name=llm", "epithre.http.max-connections=7",
					"epithre.http.connection-headroom=3", "epithre.http.pending-acquire-max-count=-1",
					"epithre.http.pending-acquire-timeout=2s", "epithre.http.max-idle-time=20s",
					"epithre.http.max-life-time=2m", "epithre.http.evict-in-background=0",
					"epithre.http.metrics-enabled=false")
			.run((context) -> {
				EpithreHttpProperties properties = context.getBean(EpithreHttpProperties.class);
				assertThat(properties.getPoolName()).isEqualTo("llm");
				assertThat(properties.getMaxConnections()).isEqualTo(7);
				assertThat(properties.getConnectionHeadroom()).isEqualTo(3);
				assertThat(properties.getPendingAcquireMaxCount()).isEqualTo(-1);
				assertThat(properties.getPendingAcquireTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getMaxIdleTime()).isEqualTo(Duration.ofSeconds(20));
				assertThat(properties.getMaxLifeTime()).isEqualTo(Duration.ofMinutes(2));
				assertThat(properties.getEvictInBackground()).isZero();
				assertThat(properties.isMetricsEnabled()).isFalse();
				ConnectionProvider provider = context.getBean("epithreConnectionProvider", ConnectionProvider.class);
				assertThat(provider.name()).isEqualTo("llm");
				assertThat(provider.maxConnections()).as("set explicitly, headroom ignored").isEqualTo(7);
			});
	}

	@Test
	void pendingAcquireLimitDefaultsToTwiceThePoolSize() {
		EpithreHttpProperties properties = new EpithreHttpProperties();
		assertThat(EpithreConnectionProviderFactory.pendingAcquireMaxCount(properties, 26, "epithre")).isEqualTo(52);
		properties.setPendingAcquireMaxCount(5);
		assertThat(EpithreConnectionProviderFactory.pendingAcquireMaxCount(properties, 26, "epithre")).isEqualTo(5);
	}

	@Test
	void invalidPoolSizeFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("epithre.http.max-connections=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("epithre.http.max-connections must be at least 1"));
	}

	@Test
	void invalidPendingLimitFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("epithre.http.pending-acquire-max-count=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("epithre.http.pending-acquire-max-count"));
	}

	@Test
	void backsOffWhenUserDefinesTheConnectionProvider() {
		ConnectionProvider mine = ConnectionProvider.create("mine", 3);
		try {
			this.contextRunner.withBean("epithreConnectionProvider", ConnectionProvider.class, () -> mine)
				.run((context) -> {
					assertThat(context.getBean(EpithreConnectionPool.class).provider()).isSameAs(mine);
					assertThat(context).hasBean("epithreWebClient");
				});
		}
		finally {
			mine.dispose();
		}
	}

	@Test
	void backsOffWithoutReactorNetty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConnectionProvider.class))
			.run((context) -> assertThat(context).doesNotHaveBean("epithreConnectionProvider")
				.doesNotHaveBean(EpithreConnectionPool.class)
				.doesNotHaveBean(EpithreHttpProperties.class)
				.hasBean("epithreWebClient"));
	}

	@Test
	void leavesConnectorsOtherThanReactorNettysAlone() {
		ConnectionProvider provider = ConnectionProvider.create("unused", 1);
		try {
			ClientHttpConnectorBuilder<?> jdk = ClientHttpConnectorBuilder.jdk();
			assertThat(new EpithreConnectionPool(provider).configure(jdk, WebClient.builder())).isSameAs(jdk);
		}
		finally {
			provider.dispose();
		}
	}

}
