package com.epithre.client.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Duration checks missing from Java 17 ({@code Duration.isPositive()} arrived in 18).
 */
final class Durations {

	private Durations() {
	}

	/**
	 * Return whether a duration is longer than zero.
	 * @param duration the duration
	 * @return whether it is positive
	 */
	public static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	/**
	 * Return whether a duration is unset or longer than zero.
	 * @param duration the duration, or {@code null}
	 * @return whether it is {@code null} or positive
	 */
	public static boolean isNullOrPositive(@Nullable Duration duration) {
		return duration == null || isPositive(duration);
	}

}
