package com.epithre.client.config;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Per-key concurrency limit (docs/epithre-api.md, limits and timeouts: 10 in flight by default, raisable to about
 * 100). Calls over the limit wait in a FIFO queue without blocking any thread; after {@code concurrency_exceeded} the
 * limit drops to what the server accepted and grows back by one per {@link #recoveryInterval()} without such errors. A
 * duration over 100 years, such as {@code Duration.ofMillis(Long.MAX_VALUE)} for no limit, is read as 100 years.
 *
 * @param maxInFlight the configured (and highest) number of calls in flight per key
 * @param maxWait the longest a call waits for a permit
 * @param maxQueue the most calls waiting for a permit
 * @param adaptive whether {@code concurrency_exceeded} lowers the limit
 * @param recoveryInterval how long the limit stays lowered before it grows by one
 * @since 0.1.0
 */
public record ConcurrencyPolicy(int maxInFlight, Duration maxWait, int maxQueue, boolean adaptive,
		Duration recoveryInterval) {

	private static final ConcurrencyPolicy DEFAULTS = new ConcurrencyPolicy(10, Duration.ofSeconds(60), 1000, true,
			Duration.ofSeconds(30));

	public ConcurrencyPolicy {
		Assert.isTrue(maxInFlight >= 1, "maxInFlight must be at least 1");
		Assert.isTrue(maxQueue >= 0, "maxQueue must not be negative");
		Assert.isTrue(!maxWait.isNegative(), "maxWait must not be negative");
		Assert.isTrue(!recoveryInterval.isNegative(), "recoveryInterval must not be negative");
		maxWait = Durations.capped(maxWait);
		recoveryInterval = Durations.capped(recoveryInterval);
	}

	/**
	 * Return the defaults: 10 in flight, up to 1000 waiting for at most 60 s, adaptive, 30 s recovery steps.
	 * @return the default policy
	 */
	public static ConcurrencyPolicy defaults() {
		return DEFAULTS;
	}

	public ConcurrencyPolicy withMaxInFlight(int maxInFlight) {
		return new ConcurrencyPolicy(maxInFlight, this.maxWait, this.maxQueue, this.adaptive, this.recoveryInterval);
	}

	public ConcurrencyPolicy withMaxWait(Duration maxWait) {
		return new ConcurrencyPolicy(this.maxInFlight, maxWait, this.maxQueue, this.adaptive, this.recoveryInterval);
	}

	public ConcurrencyPolicy withMaxQueue(int maxQueue) {
		return new ConcurrencyPolicy(this.maxInFlight, this.maxWait, maxQueue, this.adaptive, this.recoveryInterval);
	}

	public ConcurrencyPolicy withAdaptive(boolean adaptive) {
		return new ConcurrencyPolicy(this.maxInFlight, this.maxWait, this.maxQueue, adaptive, this.recoveryInterval);
	}

	public ConcurrencyPolicy withRecoveryInterval(Duration recoveryInterval) {
		return new ConcurrencyPolicy(this.maxInFlight, this.maxWait, this.maxQueue, this.adaptive, recoveryInterval);
	}

}
