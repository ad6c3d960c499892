package com.epithre.boot.autoconfigure;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.Backoff;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.resilience.EpithreResilience;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreResilienceAutoConfigurationTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s")
		.withPropertyValues("epithre.api-key=" + KEY)
		.withConfiguration(AutoConfigurations.of(EpithreAutoConfiguration.class,
				EpithreResilienceMetricsAutoConfiguration.class));

	@Test
	void defaultsFollowTheApiGuidance() {
		this.contextRunner.run((context) -> {
			EpithreClient client = context.getBean(EpithreClient.class);
			assertThat(client.settings().retry()).isEqualTo(RetryPolicy.defaults());
			assertThat(client.settings().concurrency()).isEqualTo(ConcurrencyPolicy.defaults());
			assertThat(client.concurrencyLimiter().getConfiguredLimit()).isEqualTo(10);
			assertThat(context).hasSingleBean(RetryRegistry.class)
				.hasSingleBean(BulkheadRegistry.class)
				.hasSingleBean(EpithreResilience.class);
		});
	}

	@Test
	void bindsRetryAndConcurrencyProperties() {
		this.contextRunner
			.withPropertyValues("epithre.retry.enabled=false", "epithre.retry.max-attempts=5",
					"epithre.retry.max-retry-after=20s", "epithre.retry.rpm-exceeded-min=3s",
					"epithre.retry.rpm-exceeded-max=4s", "epithre.retry.backend-busy-omni-min=7s",
					"epithre.retry.backend-busy-omni-max=9s", "epithre.retry.retry-non-idempotent=true",
					"epithre.concurrency.max-in-flight=32", "epithre.concurrency.max-wait=5s",
					"epithre.concurrency.max-queue=7", "epithre.concurrency.adaptive=false",
					"epithre.concurrency.recovery-interval=1m")
			.run((context) -> {
				EpithreClient client = context.getBean(EpithreClient.class);
				RetryPolicy retry = client.settings().retry();
				assertThat(retry.enabled()).isFalse();
				assertThat(retry.maxAttempts()).isEqualTo(5);
				assertThat(retry.maxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
				assertThat(retry.rateLimit()).isEqualTo(new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(4)));
				assertThat(retry.backendBusyOmni())
					.isEqualTo(new Backoff(Duration.ofSeconds(7), Duration.ofSeconds(9)));
				assertThat(retry.backendBusy()).isEqualTo(RetryPolicy.defaults().backendBusy());
				assertThat(retry.retryNonIdempotent()).isTrue();
				assertThat(client.settings().concurrency())
					.isEqualTo(new ConcurrencyPolicy(32, Duration.ofSeconds(5), 7, false, Duration.ofMinutes(1)));
				assertThat(client.concurrencyLimiter().getConfiguredLimit()).isEqualTo(32);
			});
	}

	@Test
	void usesTheUsersRegistries() {
		RetryRegistry retryRegistry = RetryRegistry.ofDefaults();
		BulkheadRegistry bulkheadRegistry = BulkheadRegistry.ofDefaults();
		this.contextRunner.withBean(RetryRegistry.class, () -> retryRegistry)
			.withBean(BulkheadRegistry.class, () -> bulkheadRegistry)
			.run((context) -> {
				EpithreResilience resilience = context.getBean(EpithreResilience.class);
				assertThat(resilience.getRetryRegistry()).isSameAs(retryRegistry);
				assertThat(resilience.getBulkheadRegistry()).isSameAs(bulkheadRegistry);
				assertThat(bulkheadRegistry.getAllBulkheads()).singleElement()
					.satisfies((bulkhead) -> assertThat(bulkhead.getName()).startsWith("epithre-esk_test_012-")
						.doesNotContain(KEY));
			});
	}

	@Test
	void bindsResilience4jMetricsWhenAMeterRegistryExists() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean("epithreResilienceMetrics", MeterBinder.class).bindTo(registry);
			assertThat(registry.find("resilience4j.bulkhead.available.concurrent.calls").gauge()).isNotNull();
			// Resilience4j's own metric beans are the application's to define
			assertThat(context).doesNotHaveBean(TaggedRetryMetrics.class).doesNotHaveBean(TaggedBulkheadMetrics.class);
		});
	}

	@Test
	void epithresRegistriesAreOnlyInjectedByName() {
		this.contextRunner.withUserConfiguration(RegistryConsumer.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RegistryConsumer.class).retryRegistry).isNull();
			assertThat(context.getBean(RegistryConsumer.class).bulkheadRegistry).isNull();
			EpithreResilience resilience = context.getBean(EpithreResilience.class);
			assertThat(resilience.getRetryRegistry())
				.isSameAs(context.getBean(EpithreAutoConfiguration.RETRY_REGISTRY_BEAN_NAME));
			assertThat(resilience.getBulkheadRegistry())
				.isSameAs(context.getBean(EpithreAutoConfiguration.BULKHEAD_REGISTRY_BEAN_NAME));
		});
	}

	@Test
	void theApplicationsOwnResilience4jBeansKeepTheirSlot() {
		// as Resilience4j's Spring Boot auto-configuration declares them: after ours, if missing
		this.contextRunner.withConfiguration(AutoConfigurations.of(ApplicationResilience4j.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasBean("applicationRetryRegistry")
					.hasBean("applicationBulkheadRegistry")
					.hasBean("applicationRetryMetrics");
				assertThat(context.getBean(RetryRegistry.class)).isSameAs(context.getBean("applicationRetryRegistry"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConsumer {

		@Nullable RetryRegistry retryRegistry;

		@Nullable BulkheadRegistry bulkheadRegistry;

		RegistryConsumer(ObjectProvider<RetryRegistry> retryRegistry, ObjectProvider<BulkheadRegistry> bulkheadRegistry) {
			this.retryRegistry = retryRegistry.getIfUnique();
			this.bulkheadRegistry = bulkheadRegistry.getIfUnique();
		}

	}

	@AutoConfiguration(after = { EpithreAutoConfiguration.class, EpithreResilienceMetricsAutoConfiguration.class })
	static class ApplicationResilience4j {

		@Bean
		@ConditionalOnMissingBean
		RetryRegistry applicationRetryRegistry() {
			return RetryRegistry.ofDefaults();
		}

		@Bean
		@ConditionalOnMissingBean
		BulkheadRegistry applicationBulkheadRegistry() {
			return BulkheadRegistry.ofDefaults();
		}

		@Bean
		@ConditionalOnMissingBean
		TaggedRetryMetrics applicationRetryMetrics(RetryRegistry retryRegistry) {
			return TaggedRetryMetrics.ofRetryRegistry(retryRegistry);
		}

	}

	@Test
	void noMetricsWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TaggedRetryMetrics.class));
	}

}
