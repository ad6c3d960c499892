package com.epithre.client.config;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.Assert;

/**
 * A back-off window: each wait is drawn uniformly between {@link #min()} and {@link #max()}, so callers that failed
 * together do not retry together (full jitter within the window).
 * A duration over 100 years, such as {@code Duration.ofMillis(Long.MAX_VALUE)} for no limit, is read as 100 years.
 *
 * @param min the shortest wait
 * @param max the longest wait
 * @since 0.1.0
 */
public record Backoff(Duration min, Duration max) {

	public Backoff {
		Assert.isTrue(!min.isNegative(), "min must not be negative");
		Assert.isTrue(max.compareTo(min) >= 0, "max must not be shorter than min");
		min = Durations.capped(min);
		max = Durations.capped(max);
	}

	/**
	 * Create a window from milliseconds.
	 * @param minMillis the shortest wait
	 * @param maxMillis the longest wait
	 * @return the window
	 */
	public static Backoff ofMillis(long minMillis, long maxMillis) {
		return new Backoff(Duration.ofMillis(minMillis), Duration.ofMillis(maxMillis));
	}

	/**
	 * Draw one wait.
	 * @return a duration between min and max
	 */
	public Duration pick() {
		return this.min.plus(jitter());
	}

	/**
	 * Draw an extra wait between zero and the window's width.
	 * @return a duration between zero and {@code max - min}
	 */
	public Duration jitter() {
		long spread = this.max.minus(this.min).toMillis();
		return Duration.ofMillis((spread > 0) ? ThreadLocalRandom.current().nextLong(spread + 1) : 0);
	}

}
