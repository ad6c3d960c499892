package com.epithre.boot.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.scheduler.Schedulers;

import com.epithre.client.EpithreClient;
import com.epithre.client.EpithreClientSettings;
import com.epithre.client.observation.EpithreObservationConvention;
import com.epithre.client.resilience.EpithreCoordinator;
import com.epithre.client.resilience.EpithreResilience;

/**
 * Auto-configuration of the Epithre client: an {@code epithreWebClient} built from Boot's {@code WebClient.Builder}
 * (so its codecs, observations and SSL settings apply) and an {@link EpithreClient} on top of it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WebClientAutoConfiguration.class)
@ConditionalOnClass({ EpithreClient.class, WebClient.class })
@EnableConfigurationProperties(EpithreProperties.class)
public final class EpithreAutoConfiguration {

	/** Name of the {@code WebClient} bean configured for Epithre. */
	public static final String WEB_CLIENT_BEAN_NAME = "epithreWebClient";

	private static final Log logger = LogFactory.getLog(EpithreAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(EpithreConnectionDetails.class)
	PropertiesEpithreConnectionDetails epithreConnectionDetails(EpithreProperties properties) {
		return new PropertiesEpithreConnectionDetails(properties);
	}

	@Bean(WEB_CLIENT_BEAN_NAME)
	@ConditionalOnMissingBean(name = WEB_CLIENT_BEAN_NAME)
	WebClient epithreWebClient(ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<EpithreConnectionPool> connectionPool,
			EpithreConnectionDetails connectionDetails, EpithreProperties properties) {
		EpithreClientSettings settings = EpithreSettingsMapper.map(properties, connectionDetails);
		WebClient.Builder builder = webClientBuilder.getIfAvailable(WebClient::builder).clone();
		ClientHttpConnectorBuilder<?> connectors = connectorBuilder.getIfAvailable();
		if (connectors != null) {
			// Boot's connector with our connect timeout; no read timeout, which would silently cap long streams:
			// the client's own response, idle and total timeouts govern instead
			HttpClientSettings connectorSettings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults)
				.withConnectTimeout(properties.getConnectTimeout())
				.withReadTimeout(null);
			EpithreConnectionPool pool = connectionPool.getIfAvailable();
			if (pool != null) {
				// on Reactor Netty, the epithre.http.* pool replaces the global one
				connectors = pool.configure(connectors, builder);
			}
			builder.clientConnector(connectors.build(connectorSettings));
		}
		if (settings.apiKey() == null) {
			logger.warn("No Epithre API key configured (epithre.api-key, e.g. from EPITHRE_API_KEY): only the public "
					+ "/v1/models endpoints of " + settings.baseUrl() + " will work");
		}
		return EpithreClient.configure(builder, settings).build();
	}

	@Bean
	@ConditionalOnMissingBean
	RetryRegistry epithreRetryRegistry() {
		return RetryRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	BulkheadRegistry epithreBulkheadRegistry() {
		return BulkheadRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	EpithreResilience epithreResilience(ObjectProvider<RetryRegistry> retryRegistry,
			ObjectProvider<BulkheadRegistry> bulkheadRegistry, ObjectProvider<EpithreCoordinator> coordinator) {
		return EpithreResilience.create(retryRegistry.getIfUnique(RetryRegistry::ofDefaults),
				bulkheadRegistry.getIfUnique(BulkheadRegistry::ofDefaults), Schedulers.parallel(),
				coordinator.getIfUnique(EpithreCoordinator::local));
	}

	@Bean
	@ConditionalOnMissingBean
	EpithreClient epithreClient(@Qualifier(WEB_CLIENT_BEAN_NAME) WebClient epithreWebClient,
			EpithreConnectionDetails connectionDetails, EpithreProperties properties,
			EpithreResilience epithreResilience, ObjectProvider<EpithreClientBuilderCustomizer> customizers,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<EpithreObservationConvention> observationConvention) {
		EpithreClient.Builder builder = EpithreClient.builder(WebClient.builder())
			.settings(EpithreSettingsMapper.map(properties, connectionDetails))
			.webClient(epithreWebClient)
			.resilience(epithreResilience)
			.observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
			.observationConvention(observationConvention.getIfUnique());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
