package com.epithre.boot.autoconfigure;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import com.epithre.client.resilience.EpithreResilience;

/**
 * Binds Resilience4j's metrics of the Epithre retry and per-key bulkheads ({@code resilience4j.retry.calls},
 * {@code resilience4j.bulkhead.available.concurrent.calls}, ...) to the application's {@link MeterRegistry}, through
 * one {@link MeterBinder} named {@code epithreResilienceMetrics}: no bean of Resilience4j's own metric types, so the
 * application's Resilience4j auto-configuration keeps its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EpithreAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, TaggedRetryMetrics.class })
@ConditionalOnBean({ MeterRegistry.class, EpithreResilience.class })
public final class EpithreResilienceMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "epithreResilienceMetrics")
	MeterBinder epithreResilienceMetrics(EpithreResilience resilience) {
		return (registry) -> {
			TaggedRetryMetrics.ofRetryRegistry(resilience.getRetryRegistry()).bindTo(registry);
			TaggedBulkheadMetrics.ofBulkheadRegistry(resilience.getBulkheadRegistry()).bindTo(registry);
		};
	}

}
