package com.epithre.boot.autoconfigure;

import java.time.Duration;

import reactor.netty.resources.ConnectionProvider;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Builds the Reactor Netty {@link ConnectionProvider} for Epithre from {@link EpithreHttpProperties}: a pool sized
 * for long-lived streams, idle connections retired before a proxy or load balancer drops them, and its metrics on.
 */
final class EpithreConnectionProviderFactory {

	private static final String MAX_IN_FLIGHT_PROPERTY = "epithre.concurrency.max-in-flight";

	private static final boolean MICROMETER_PRESENT = ClassUtils.isPresent("io.micrometer.core.instrument.Metrics",
			EpithreConnectionProviderFactory.class.getClassLoader());

	private EpithreConnectionProviderFactory() {
	}

	/**
	 * Build the pool.
	 * @param properties the pool settings
	 * @param maxInFlight the most requests the client sends at once, which sizes the pool unless
	 * {@code epithre.http.max-connections} is set
	 * @return a new connection provider, to be disposed by the caller
	 */
	static ConnectionProvider create(EpithreHttpProperties properties, int maxInFlight) {
		int maxConnections = maxConnections(properties, maxInFlight);
		Duration evictionInterval = properties.getEvictInBackground();
		Assert.isTrue(!evictionInterval.isNegative(), "epithre.http.evict-in-background must not be negative");
		Assert.isTrue(isPositive(properties.getPendingAcquireTimeout()),
				"epithre.http.pending-acquire-timeout must be positive");
		Assert.isTrue(isPositive(properties.getMaxIdleTime()), "epithre.http.max-idle-time must be positive");
		Assert.isTrue(isPositive(properties.getMaxLifeTime()), "epithre.http.max-life-time must be positive");
		ConnectionProvider.Builder builder = ConnectionProvider.builder(properties.getPoolName())
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(pendingAcquireMaxCount(properties, maxConnections))
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
	 * @return the pool size
	 */
	static int maxConnections(EpithreHttpProperties properties, int maxInFlight) {
		Integer configured = properties.getMaxConnections();
		if (configured != null) {
			Assert.isTrue(configured >= 1, () -> "epithre.http.max-connections must be at least 1, got " + configured);
			return configured;
		}
		Assert.isTrue(maxInFlight >= 1,
				() -> MAX_IN_FLIGHT_PROPERTY + " must be at least 1 to size the connection pool, got " + maxInFlight);
		Assert.isTrue(properties.getConnectionHeadroom() >= 0, () -> "epithre.http.connection-headroom must not be "
				+ "negative, got " + properties.getConnectionHeadroom());
		return maxInFlight + properties.getConnectionHeadroom();
	}

	/**
	 * Return {@code epithre.http.pending-acquire-max-count}, or twice the pool size when it is not set.
	 * @param properties the pool settings
	 * @param maxConnections the pool size
	 * @return the pending-acquire limit, {@code -1} for none
	 */
	static int pendingAcquireMaxCount(EpithreHttpProperties properties, int maxConnections) {
		Integer configured = properties.getPendingAcquireMaxCount();
		if (configured == null) {
			return 2 * maxConnections;
		}
		Assert.isTrue(configured == -1 || configured >= 1, () -> "epithre.http.pending-acquire-max-count must be at "
				+ "least 1, or -1 for no limit, got " + configured);
		return configured;
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
