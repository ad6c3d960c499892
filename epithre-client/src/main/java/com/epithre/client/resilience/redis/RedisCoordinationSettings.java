package com.epithre.client.resilience.redis;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How {@link RedisCoordinator} shares the limits of each key.
 *
 * @param namespace prefix of every Redis key it writes, such as {@code epithre}
 * @param leaseTime how long a permit stays taken without renewal; a crashed instance's permits come back after it
 * @param rateLimit requests allowed per {@code rateInterval} and key across all instances, {@code 0} for no budget
 * @param rateInterval the rolling window of {@code rateLimit}
 * @param onFailure what calls do while Redis is unreachable
 * @param retryInterval how long to stay on the failure behaviour before trying Redis again
 * @param commandTimeout the longest a single Redis command may take before Redis counts as unreachable
 * @since 0.1.0
 */
public record RedisCoordinationSettings(String namespace, Duration leaseTime, int rateLimit, Duration rateInterval,
		FailureMode onFailure, Duration retryInterval, Duration commandTimeout) {

	private static final RedisCoordinationSettings DEFAULTS = new RedisCoordinationSettings("epithre",
			Duration.ofSeconds(30), 60, Duration.ofMinutes(1), FailureMode.FALLBACK, Duration.ofSeconds(5),
			Duration.ofSeconds(2));

	public RedisCoordinationSettings {
		Assert.hasText(namespace, "namespace must not be empty");
		Assert.isTrue(leaseTime.compareTo(Duration.ofSeconds(1)) >= 0, "leaseTime must be at least 1 s");
		Assert.isTrue(rateLimit >= 0, "rateLimit must not be negative");
		Assert.isTrue(rateInterval.compareTo(Duration.ofSeconds(1)) >= 0, "rateInterval must be at least 1 s");
		Assert.notNull(onFailure, "onFailure must not be null");
		Assert.isTrue(!retryInterval.isZero() && !retryInterval.isNegative(), "retryInterval must be positive");
		Assert.isTrue(!commandTimeout.isZero() && !commandTimeout.isNegative(), "commandTimeout must be positive");
	}

	/**
	 * Return the defaults: namespace {@code epithre}, 30 s leases, Epithre's default 60 requests per minute, fall
	 * back to local limits while Redis is down and try it again every 5 s, 2 s per command.
	 * @return the defaults
	 */
	public static RedisCoordinationSettings defaults() {
		return DEFAULTS;
	}

	public RedisCoordinationSettings withNamespace(String namespace) {
		return new RedisCoordinationSettings(namespace, this.leaseTime, this.rateLimit, this.rateInterval,
				this.onFailure, this.retryInterval, this.commandTimeout);
	}

	public RedisCoordinationSettings withLeaseTime(Duration leaseTime) {
		return new RedisCoordinationSettings(this.namespace, leaseTime, this.rateLimit, this.rateInterval,
				this.onFailure, this.retryInterval, this.commandTimeout);
	}

	public RedisCoordinationSettings withRateLimit(int rateLimit, Duration rateInterval) {
		return new RedisCoordinationSettings(this.namespace, this.leaseTime, rateLimit, rateInterval, this.onFailure,
				this.retryInterval, this.commandTimeout);
	}

	public RedisCoordinationSettings withOnFailure(FailureMode onFailure) {
		return new RedisCoordinationSettings(this.namespace, this.leaseTime, this.rateLimit, this.rateInterval,
				onFailure, this.retryInterval, this.commandTimeout);
	}

	public RedisCoordinationSettings withRetryInterval(Duration retryInterval) {
		return new RedisCoordinationSettings(this.namespace, this.leaseTime, this.rateLimit, this.rateInterval,
				this.onFailure, retryInterval, this.commandTimeout);
	}

	public RedisCoordinationSettings withCommandTimeout(Duration commandTimeout) {
		return new RedisCoordinationSettings(this.namespace, this.leaseTime, this.rateLimit, this.rateInterval,
				this.onFailure, this.retryInterval, commandTimeout);
	}

	/**
	 * What calls do while Redis is unreachable.
	 */
	public enum FailureMode {

		/** Go on under each instance's local limit, so the key's cap may be exceeded; the default. */
		FALLBACK,

		/** Fail with {@code EpithreCoordinationException} before anything is sent. */
		FAIL

	}

}
