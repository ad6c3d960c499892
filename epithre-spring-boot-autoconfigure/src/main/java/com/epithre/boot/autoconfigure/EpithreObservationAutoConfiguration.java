package com.epithre.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import com.epithre.client.EpithreClient;
import com.epithre.client.observation.EpithreMeterObservationHandler;

/**
 * Registers the {@link EpithreMeterObservationHandler} with Boot's {@code ObservationRegistry}, so that the
 * observations of the Epithre client also record token usage, time to first chunk, stream chunks and cancellations,
 * 429s by code, retries by cause and refused permits in the application's {@link MeterRegistry}. The operation timer
 * ({@code gen_ai.client.operation.duration}) comes from Boot's own meter observation handler.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ EpithreClient.class, MeterRegistry.class, ObservationRegistry.class })
@ConditionalOnBean({ MeterRegistry.class, ObservationRegistry.class })
public final class EpithreObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EpithreMeterObservationHandler epithreMeterObservationHandler(MeterRegistry meterRegistry) {
		return new EpithreMeterObservationHandler(meterRegistry);
	}

}
