package com.epithre.boot.autoconfigure;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.observation.EpithreObservationConvention;
import com.epithre.client.resilience.EpithreCoordinator;
import com.epithre.client.resilience.EpithreResilience;

/**
 * Auto-configuration of the Epithre client: an {@link EpithreClient} built on Boot's {@code WebClient.Builder} (so its
 * codecs, observations, connector and SSL settings apply), then every {@link EpithreClientBuilderCustomizer}, and an
 * {@code epithreWebClient} for the endpoints the client does not model, taken from that client. The
 * {@code epithre.coordination.*} properties are bound here whatever the mode, so that a mistyped
 * {@code epithre.coordination.mode} fails start-up instead of meaning local.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WebClientAutoConfiguration.class)
@ConditionalOnClass({ EpithreClient.class, WebClient.class })
@EnableConfigurationProperties({ EpithreProperties.class, EpithreCoordinationProperties.class })
@Import(EpithreNamedClientsRegistrar.class)
public final class EpithreAutoConfiguration {

	/** Name of the {@code WebClient} bean configured for Epithre. */
	public static final String WEB_CLIENT_BEAN_NAME = "epithreWebClient";

	/** Name of the Resilience4j {@code RetryRegistry} bean of Epithre, injected only when asked for by name. */
	public static final String RETRY_REGISTRY_BEAN_NAME = "epithreRetryRegistry";

	/** Name of the Resilience4j {@code BulkheadRegistry} bean of Epithre, injected only when asked for by name. */
	public static final String BULKHEAD_REGISTRY_BEAN_NAME = "epithreBulkheadRegistry";

	@Bean
	@ConditionalOnMissingBean(EpithreConnectionDetails.class)
	PropertiesEpithreConnectionDetails epithreConnectionDetails(EpithreProperties properties) {
		return new PropertiesEpithreConnectionDetails(properties);
	}

	/**
	 * The retry registry of Epithre's policies when the application has none: injected only where asked for by this
	 * name, so it never takes the place of the application's own Resilience4j registry.
	 */
	@Bean(name = RETRY_REGISTRY_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = RETRY_REGISTRY_BEAN_NAME)
	RetryRegistry epithreRetryRegistry() {
		return RetryRegistry.ofDefaults();
	}

	/**
	 * The registry of the per-key bulkheads when the application has none; injected only where asked for by this
	 * name.
	 */
	@Bean(name = BULKHEAD_REGISTRY_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = BULKHEAD_REGISTRY_BEAN_NAME)
	BulkheadRegistry epithreBulkheadRegistry() {
		return BulkheadRegistry.ofDefaults();
	}

	/**
	 * Epithre's retry and limiter state, on the application's own Resilience4j registries when it has exactly one of
	 * each (so a config named {@code epithre} in them applies), else on the Epithre-qualified ones.
	 */
	@Bean
	@ConditionalOnMissingBean
	EpithreResilience epithreResilience(ObjectProvider<RetryRegistry> applicationRetryRegistry,
			ObjectProvider<BulkheadRegistry> applicationBulkheadRegistry,
			@Qualifier(RETRY_REGISTRY_BEAN_NAME) RetryRegistry epithreRetryRegistry,
			@Qualifier(BULKHEAD_REGISTRY_BEAN_NAME) BulkheadRegistry epithreBulkheadRegistry,
			ObjectProvider<EpithreCoordinator> coordinator) {
		return EpithreResilience.create(applicationRetryRegistry.getIfUnique(() -> epithreRetryRegistry),
				applicationBulkheadRegistry.getIfUnique(() -> epithreBulkheadRegistry), Schedulers.parallel(),
				coordinator.getIfUnique(EpithreCoordinator::local));
	}

	@Bean
	EpithreClientFactory epithreClientFactory(ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, EpithreResilience epithreResilience,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<EpithreObservationConvention> observationConvention) {
		return new EpithreClientFactory(webClientBuilder, connectorBuilder, httpClientSettings, epithreResilience,
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), observationConvention.getIfUnique());
	}

	/**
	 * The default client, from the {@code epithre.*} properties (or the {@link EpithreConnectionDetails}) and every
	 * {@link EpithreClientBuilderCustomizer}; named clients ({@code epithre.clients.<name>}) stand beside it.
	 */
	@Bean
	@ConditionalOnMissingBean
	EpithreClient epithreClient(EpithreClientFactory epithreClientFactory,
			ObjectProvider<EpithreConnectionPool> connectionPool, EpithreConnectionDetails connectionDetails,
			EpithreProperties properties, ObjectProvider<EpithreClientBuilderCustomizer> customizers) {
		return epithreClientFactory.create(EpithreProperties.PREFIX,
				EpithreSettingsMapper.map(properties, connectionDetails), properties.getConnectTimeout(),
				connectionPool.getIfAvailable(), customizers.orderedStream().toList());
	}

	/**
	 * The client's {@code WebClient}, for endpoints the client does not model: same base URL, key, connector and
	 * codecs, none of the client's retry or limits.
	 */
	@Bean(WEB_CLIENT_BEAN_NAME)
	@ConditionalOnMissingBean(name = WEB_CLIENT_BEAN_NAME)
	@ConditionalOnSingleCandidate(EpithreClient.class)
	WebClient epithreWebClient(EpithreClient epithreClient) {
		return epithreClient.webClient();
	}

}
