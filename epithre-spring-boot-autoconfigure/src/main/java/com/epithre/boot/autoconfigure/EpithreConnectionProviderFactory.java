package com.epithre.boot.autoconfigure;

import java.time.Duration;

import reactor.netty.resources.ConnectionProvider;

import org.springframework.util.ClassUtils;

/**
 * Builds the Reactor Netty {@link ConnectionProvider} for Epithre from {@link EpithreHttpProperties}: a pool sized
 * for long-lived streams, idle connections retired before a proxy or load balancer drops them, and its metrics on.
 */
final class EpithreConnectionProviderFactory {

	private static final boolean MICROMETER_PRESENT = ClassUtils.isPresent("io.micrometer.core.instrument.Metrics",
			EpithreConnectionProviderFactory.class.getClassLoader());

	private EpithreConnectionProviderFactory() {
	}

	/**
	 * Build the pool.
	 * @param properties the pool settings
	 * @param maxInFlight the most requests the client sends at once, which sizes the pool unless
	 * {@code epithre.http.max-connections} is set
	 * @param prefix where the client's properties are bound from ({@code epithre} or {@code epithre.clients.<name>})
	 * @return a new connection provider, to be disposed by the caller
	 */
	static ConnectionProvider create(EpithreHttpProperties properties, int maxInFlight, String prefix) {
		int maxConnections = maxConnections(properties, maxInFlight, prefix);
		Duration evictionInterval = properties.getEvictInBackground();
		EpithrePropertyChecks.notNegative(prefix + ".http.evict-in-background", evictionInterval);
		EpithrePropertyChecks.positive(prefix + ".http.pending-acquire-timeout", properties.getPendingAcquireTimeout());
		EpithrePropertyChecks.positive(prefix + ".http.max-idle-time", properties.getMaxIdleTime());
		EpithrePropertyChecks.positive(prefix + ".http.max-life-time", properties.getMaxLifeTime());
		ConnectionProvider.Builder builder = ConnectionProvider.builder(properties.getPoolName())
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(pendingAcquireMaxCount(properties, maxConnections, prefix))
			.pendingAcquireTimeout(properties.getPendingAcquireTimeout())
			.maxIdleTime(properties.getMaxIdleTime())
			.maxLifeTime(properties.getMaxLifeTime())
			// the most recently used connection first: in quiet periods the others go idle and are retired,
			// instead of every connection being kept barely alive and going stale together
			.lifo();
		if (!evictionInterval.isZero()) {
			builder.evictInBackground(evictionInterval);
		}
		if (properties.isMetricsEnabled() && MICROMETER_PRESENT) {
			builder.metrics(true);
		}
		return builder.build();
	}

	/**
	 * Return {@code epithre.http.max-connections}, or the concurrency limit plus the headroom when it is not set.
	 * @param properties the pool settings
	 * @param maxInFlight the concurrency limit
	 * @param prefix where the client's properties are bound from
	 * @return the pool size
	 */
	static int maxConnections(EpithreHttpProperties properties, int maxInFlight, String prefix) {
		Integer configured = properties.getMaxConnections();
		if (configured != null) {
			EpithrePropertyChecks.atLeast(prefix + ".http.max-connections", configured, 1);
			return configured;
		}
		EpithrePropertyChecks.atLeast(prefix + ".concurrency.max-in-flight", maxInFlight, 1);
		EpithrePropertyChecks.atLeast(prefix + ".http.connection-headroom", properties.getConnectionHeadroom(), 0);
		return maxInFlight + properties.getConnectionHeadroom();
	}

	/**
	 * Return {@code epithre.http.pending-acquire-max-count}, or twice the pool size when it is not set.
	 * @param properties the pool settings
	 * @param maxConnections the pool size
	 * @param prefix where the client's properties are bound from
	 * @return the pending-acquire limit, {@code -1} for none
	 */
	static int pendingAcquireMaxCount(EpithreHttpProperties properties, int maxConnections, String prefix) {
		String property = prefix + ".http.pending-acquire-max-count";
		Integer configured = properties.getPendingAcquireMaxCount();
		if (configured == null) {
			return 2 * maxConnections;
		}
		if (configured != -1 && configured < 1) {
			throw new EpithreConfigurationException(property,
					property + " must be at least 1, or -1 for no limit, but it is " + configured + ".",
					"Set " + property + " to at least 1, or to -1 for no limit, or remove it to use twice the pool "
							+ "size.");
		}
		return configured;
	}

}
