package com.epithre.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import com.epithre.client.internal.Durations;
import com.epithre.client.resilience.RetryPolicy;

/**
 * Per-call overrides of the client's timeouts; a {@code null} component keeps the client's setting.
 *
 * @param responseTimeout the longest wait for the response (a stream's first event) to start
 * @param streamIdleTimeout the longest gap between two events of a stream
 * @param totalTimeout the deadline of the whole call
 * @param retry the retry policy for this call, e.g. {@link RetryPolicy#disabled()}
 * @since 0.1.0
 */
public record RequestOptions(@Nullable Duration responseTimeout, @Nullable Duration streamIdleTimeout,
		@Nullable Duration totalTimeout, @Nullable RetryPolicy retry) {

	private static final RequestOptions NONE = new RequestOptions(null, null, null, null);

	public RequestOptions {
		Assert.isTrue(Durations.isNullOrPositive(responseTimeout), "responseTimeout must be positive");
		Assert.isTrue(Durations.isNullOrPositive(streamIdleTimeout), "streamIdleTimeout must be positive");
		Assert.isTrue(Durations.isNullOrPositive(totalTimeout), "totalTimeout must be positive");
	}

	/**
	 * Return options that override nothing.
	 * @return the empty options
	 */
	public static RequestOptions none() {
		return NONE;
	}

	public RequestOptions withResponseTimeout(@Nullable Duration responseTimeout) {
		return new RequestOptions(responseTimeout, this.streamIdleTimeout, this.totalTimeout, this.retry);
	}

	public RequestOptions withStreamIdleTimeout(@Nullable Duration streamIdleTimeout) {
		return new RequestOptions(this.responseTimeout, streamIdleTimeout, this.totalTimeout, this.retry);
	}

	public RequestOptions withRetry(@Nullable RetryPolicy retry) {
		return new RequestOptions(this.responseTimeout, this.streamIdleTimeout, this.totalTimeout, retry);
	}

	/**
	 * Return options that send the call once, whatever fails.
	 * @return the options
	 */
	public RequestOptions withoutRetry() {
		return withRetry(RetryPolicy.disabled());
	}

	public RequestOptions withTotalTimeout(@Nullable Duration totalTimeout) {
		return new RequestOptions(this.responseTimeout, this.streamIdleTimeout, totalTimeout, this.retry);
	}

}
