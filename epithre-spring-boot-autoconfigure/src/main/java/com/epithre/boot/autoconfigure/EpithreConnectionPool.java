package com.epithre.boot.autoconfigure;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.error.EpithrePoolExhaustedException;

/**
 * Puts the Epithre {@link ConnectionProvider} under Boot's Reactor Netty connector: only the pool changes, so Boot's
 * shared event loops ({@code ReactorResourceFactory}), SSL bundle, connect timeout and connector customizers still
 * apply. Keeps the Reactor Netty types out of {@link EpithreAutoConfiguration}'s bean signatures.
 */
final class EpithreConnectionPool {

	private final ConnectionProvider provider;

	EpithreConnectionPool(ConnectionProvider provider) {
		this.provider = provider;
	}

	ConnectionProvider provider() {
		return this.provider;
	}

	/**
	 * Return the connector builder using this pool and make the pool's refusals typed errors of the given
	 * {@code WebClient}, or return the connector builder unchanged when it is not Reactor Netty's.
	 * @param connectors Boot's connector builder
	 * @param webClient the builder of the Epithre {@code WebClient}
	 * @return the connector builder to build the Epithre connector with
	 */
	ClientHttpConnectorBuilder<?> configure(ClientHttpConnectorBuilder<?> connectors, WebClient.Builder webClient) {
		if (!(connectors instanceof ReactorClientHttpConnectorBuilder reactor)) {
			return connectors;
		}
		webClient.filter(poolErrors());
		// replaces only the factory: Boot's customizer that moves the client onto the ReactorResourceFactory's
		// loops runs after it, and settings (SSL bundle, timeouts, redirects) are applied on top
		return reactor.withHttpClientFactory(() -> HttpClient.create(this.provider));
	}

	private ExchangeFilterFunction poolErrors() {
		String poolName = this.provider.name();
		int maxConnections = this.provider.maxConnections();
		return (request, next) -> next.exchange(request).onErrorMap((ex) -> {
			Throwable typed = EpithrePoolExhaustedException.fromPoolFailure(ex, request.method().name() + " " + request.url().getPath(),
					poolName, maxConnections);
			return (typed != null) ? typed : ex;
		});
	}

}
