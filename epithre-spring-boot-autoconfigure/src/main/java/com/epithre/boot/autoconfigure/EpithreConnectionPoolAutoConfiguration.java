package com.epithre.boot.autoconfigure;

import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.epithre.client.EpithreClient;

/**
 * Auto-configuration of the Reactor Netty connection pool behind the {@code epithreWebClient}: a pool of its own,
 * named and sized for long-lived streams from the {@code epithre.http.*} properties, on Boot's shared event loops.
 * Define a {@link ConnectionProvider} bean named {@value #CONNECTION_PROVIDER_BEAN_NAME} to use another pool.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = EpithreAutoConfiguration.class)
@ConditionalOnClass({ EpithreClient.class, ConnectionProvider.class, ReactorClientHttpConnectorBuilder.class })
@EnableConfigurationProperties(EpithreHttpProperties.class)
public final class EpithreConnectionPoolAutoConfiguration {

	/** Name of the {@code ConnectionProvider} bean used by the {@code epithreWebClient}. */
	public static final String CONNECTION_PROVIDER_BEAN_NAME = "epithreConnectionProvider";

	@Bean
	EpithreConnectionPool epithreConnectionPool(
			@Qualifier(CONNECTION_PROVIDER_BEAN_NAME) ConnectionProvider connectionProvider) {
		return new EpithreConnectionPool(connectionProvider);
	}

	/**
	 * The starter's own pool, unless the application defines one, and its disposal before the shared event loops
	 * stop; a pool defined by the application is left to the application.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = CONNECTION_PROVIDER_BEAN_NAME)
	static final class OwnPoolConfiguration {

		@Bean(name = CONNECTION_PROVIDER_BEAN_NAME, destroyMethod = "dispose")
		ConnectionProvider epithreConnectionProvider(EpithreHttpProperties properties,
				ObjectProvider<EpithreProperties> epithreProperties) {
			// one connection per request in flight: the per-key concurrency limit sizes the pool
			int maxInFlight = epithreProperties.getIfAvailable(EpithreProperties::new)
				.getConcurrency()
				.getMaxInFlight();
			return EpithreConnectionProviderFactory.create(properties, maxInFlight, EpithreProperties.PREFIX);
		}

		@Bean
		EpithreConnectionProviderLifecycle epithreConnectionProviderLifecycle(
				@Qualifier(CONNECTION_PROVIDER_BEAN_NAME) ConnectionProvider connectionProvider) {
			return new EpithreConnectionProviderLifecycle(connectionProvider);
		}

	}

}
