package com.epithre.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.observation.EpithreObservationConvention;
import com.epithre.client.resilience.EpithreResilience;

/**
 * Builds every auto-configured {@link EpithreClient}, the default one and each named one, the same way: on Boot's
 * {@code WebClient.Builder} and connector (with the client's connect timeout and pool, and no read timeout), with the
 * shared {@link EpithreResilience} and observations.
 */
final class EpithreClientFactory {

	private static final Log logger = LogFactory.getLog(EpithreClientFactory.class);

	private final ObjectProvider<WebClient.Builder> webClientBuilder;

	private final ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder;

	private final ObjectProvider<HttpClientSettings> httpClientSettings;

	private final EpithreResilience resilience;

	private final ObservationRegistry observationRegistry;

	private final @Nullable EpithreObservationConvention observationConvention;

	EpithreClientFactory(ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, EpithreResilience resilience,
			ObservationRegistry observationRegistry, @Nullable EpithreObservationConvention observationConvention) {
		this.webClientBuilder = webClientBuilder;
		this.connectorBuilder = connectorBuilder;
		this.httpClientSettings = httpClientSettings;
		this.resilience = resilience;
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
	}

	/**
	 * Build a client.
	 * @param prefix where the client's properties are bound from ({@code epithre} or {@code epithre.clients.<name>})
	 * @param settings the client's settings
	 * @param connectTimeout the connector's connect timeout
	 * @param pool the client's connection pool, or {@code null} for the connector's own
	 * @param customizers applied to the builder in order, after the settings
	 * @return the client
	 */
	EpithreClient create(String prefix, EpithreClientSettings settings, Duration connectTimeout,
			@Nullable EpithreConnectionPool pool, List<EpithreClientBuilderCustomizer> customizers) {
		WebClient.Builder builder = this.webClientBuilder.getIfAvailable(WebClient::builder).clone();
		ClientHttpConnectorBuilder<?> connectors = this.connectorBuilder.getIfAvailable();
		if (connectors != null) {
			// Boot's connector with our connect timeout; no read timeout, which would silently cap long streams:
			// the client's own response, idle and total timeouts govern instead
			HttpClientSettings connectorSettings = this.httpClientSettings.getIfAvailable(HttpClientSettings::defaults)
				.withConnectTimeout(connectTimeout)
				.withReadTimeout(null);
			if (pool != null) {
				// on Reactor Netty, the client's own pool replaces the global one
				connectors = pool.configure(connectors, builder);
			}
			builder.clientConnector(connectors.build(connectorSettings));
		}
		EpithreClient.Builder client = EpithreClient.builder(builder)
			.settings(settings)
			.resilience(this.resilience)
			.observationRegistry(this.observationRegistry)
			.observationConvention(this.observationConvention);
		customizers.forEach((customizer) -> customizer.customize(client));
		EpithreClient built = client.build();
		if (built.settings().apiKey() == null) {
			logger.warn("No Epithre API key configured (" + prefix + ".api-key"
					+ (prefix.equals(EpithreProperties.PREFIX) ? ", e.g. from EPITHRE_API_KEY" : "")
					+ "): only the public /v1/models endpoints of " + built.settings().baseUrl() + " will work");
		}
		return built;
	}

}
