package com.epithre.boot.autoconfigure;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds Resilience4j's metrics of the Epithre retry and per-key bulkheads ({@code resilience4j.retry.calls},
 * {@code resilience4j.bulkhead.available.concurrent.calls}, ...) to the application's {@link MeterRegistry}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EpithreAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, TaggedRetryMetrics.class })
@ConditionalOnBean({ MeterRegistry.class, RetryRegistry.class, BulkheadRegistry.class })
public final class EpithreResilienceMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaggedRetryMetrics epithreRetryMetrics(RetryRegistry retryRegistry) {
		return TaggedRetryMetrics.ofRetryRegistry(retryRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	TaggedBulkheadMetrics epithreBulkheadMetrics(BulkheadRegistry bulkheadRegistry) {
		return TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheadRegistry);
	}

}
