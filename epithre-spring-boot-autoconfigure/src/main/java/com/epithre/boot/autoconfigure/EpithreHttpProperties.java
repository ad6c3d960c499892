package com.epithre.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the Reactor Netty connection pool used for Epithre, under {@code epithre.http}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("epithre.http")
public class EpithreHttpProperties {

	/**
	 * Name of the connection pool, used in error messages and as the name tag of its metrics.
	 */
	private String poolName = "epithre";

	/**
	 * Most connections the pool keeps open to the API, each carrying one request or stream at a time. When unset,
	 * the concurrency limit (epithre.concurrency.max-in-flight) plus connection-headroom.
	 */
	private @Nullable Integer maxConnections;

	/**
	 * Connections added to the concurrency limit when max-connections is derived from it: room for calls outside the
	 * limit (model listing, health checks) and for connections still closing after a cancelled stream.
	 */
	private int connectionHeadroom = 16;

	/**
	 * Most requests that may wait for a free connection; the next one fails with EpithrePoolExhaustedException. When
	 * unset, twice max-connections; -1 for no limit.
	 */
	private @Nullable Integer pendingAcquireMaxCount;

	/**
	 * Longest wait for a free connection before the request fails with EpithrePoolExhaustedException.
	 */
	private Duration pendingAcquireTimeout = Duration.ofSeconds(10);

	/**
	 * Longest time a connection may sit idle in the pool before it is closed; keep it below the idle cut-off of every
	 * proxy, NAT gateway or load balancer on the way to the API.
	 */
	private Duration maxIdleTime = Duration.ofSeconds(45);

	/**
	 * Longest lifetime of a connection, so DNS and load balancer changes are picked up; an expired connection is
	 * closed once its response ends, never in the middle of a stream.
	 */
	private Duration maxLifeTime = Duration.ofMinutes(5);

	/**
	 * Interval at which idle and expired connections are closed in the background; 0 to close them only when the
	 * pool next lends or takes back a connection.
	 */
	private Duration evictInBackground = Duration.ofSeconds(10);

	/**
	 * Whether the pool publishes Reactor Netty's reactor.netty.connection.provider.* gauges to Micrometer's global
	 * registry, which Spring Boot joins to the application's MeterRegistry. Ignored without Micrometer.
	 */
	private boolean metricsEnabled = true;

	public String getPoolName() {
		return this.poolName;
	}

	public void setPoolName(String poolName) {
		this.poolName = poolName;
	}

	public @Nullable Integer getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(@Nullable Integer maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getConnectionHeadroom() {
		return this.connectionHeadroom;
	}

	public void setConnectionHeadroom(int connectionHeadroom) {
		this.connectionHeadroom = connectionHeadroom;
	}

	public @Nullable Integer getPendingAcquireMaxCount() {
		return this.pendingAcquireMaxCount;
	}

	public void setPendingAcquireMaxCount(@Nullable Integer pendingAcquireMaxCount) {
		this.pendingAcquireMaxCount = pendingAcquireMaxCount;
	}

	public Duration getPendingAcquireTimeout() {
		return this.pendingAcquireTimeout;
	}

	public void setPendingAcquireTimeout(Duration pendingAcquireTimeout) {
		this.pendingAcquireTimeout = pendingAcquireTimeout;
	}

	public Duration getMaxIdleTime() {
		return this.maxIdleTime;
	}

	public void setMaxIdleTime(Duration maxIdleTime) {
		this.maxIdleTime = maxIdleTime;
	}

	public Duration getMaxLifeTime() {
		return this.maxLifeTime;
	}

	public void setMaxLifeTime(Duration maxLifeTime) {
		this.maxLifeTime = maxLifeTime;
	}

	public Duration getEvictInBackground() {
		return this.evictInBackground;
	}

	public void setEvictInBackground(Duration evictInBackground) {
		this.evictInBackground = evictInBackground;
	}

	public boolean isMetricsEnabled() {
		return this.metricsEnabled;
	}

	public void setMetricsEnabled(boolean metricsEnabled) {
		this.metricsEnabled = metricsEnabled;
	}

}
