package com.epithre.client.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Duration checks missing from Java 17 ({@code Duration.isPositive()} arrived in 18), and the cap on the durations of
 * the settings.
 */
final class Durations {

	/**
	 * The longest duration a setting keeps: longer ones, such as {@code Duration.ofMillis(Long.MAX_VALUE)} for "no
	 * limit", are read as this, which is no limit in practice and still fits in nanoseconds after adding a clock.
	 */
	static final Duration LONGEST = Duration.ofDays(100 * 365);

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

	/**
	 * Return a duration, cut to {@link #LONGEST}.
	 * @param duration the duration
	 * @return the duration, at most {@link #LONGEST}
	 */
	public static Duration capped(Duration duration) {
		return (duration.compareTo(LONGEST) > 0) ? LONGEST : duration;
	}

	/**
	 * Return a duration, cut to {@link #LONGEST}, or {@code null}.
	 * @param duration the duration, or {@code null}
	 * @return the duration, at most {@link #LONGEST}, or {@code null}
	 */
	public static @Nullable Duration cappedOrNull(@Nullable Duration duration) {
		return (duration != null) ? capped(duration) : null;
	}

}
