package com.epithre.client.config;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * When and how long to wait before sending a failed call again, decided by the error {@code code} first
 * (docs/epithre-api.md, errors): {@code rpm_exceeded} backs off 1-2 s, {@code rpd_exceeded} never retries,
 * {@code concurrency_exceeded} tightens the key's limiter and retries once a permit frees, {@code backend_busy} backs
 * off per model, 500/502 retry once, 503 backs off longer, 504 retries, connection failures before any response byte
 * retry; 400, 401, 402, 403, 404, 413 and 422 never retry. A {@code Retry-After} header wins over the window, capped by
 * {@link #maxRetryAfter()}.
 * A duration over 100 years, such as {@code Duration.ofMillis(Long.MAX_VALUE)} for no limit, is read as 100 years.
 *
 * @param enabled whether failed calls are retried at all
 * @param maxAttempts the most attempts per call, the first included
 * @param maxRetryAfter the longest {@code Retry-After} honoured; longer ones are cut to it
 * @param rateLimit back-off after {@code rpm_exceeded}
 * @param otherRateLimit first back-off after a 429 with another code, doubled per attempt
 * @param concurrency pause after {@code concurrency_exceeded} before queueing for a permit again
 * @param backendBusyOmni back-off after {@code backend_busy} on {@code epithre-omni} (the server already queued 45 s)
 * @param backendBusy back-off after {@code backend_busy} on other models
 * @param serverError back-off after 500 or 502, retried once
 * @param unavailable back-off after 503
 * @param gatewayTimeout back-off after 504
 * @param connection back-off after a connection failure before any response byte (a stale pooled connection)
 * @param retryNonIdempotent whether side-effecting calls (upload, batch create, webhook register) are retried after
 * the request may have reached the server
 * @since 0.1.0
 */
public record RetryPolicy(boolean enabled, int maxAttempts, Duration maxRetryAfter, Backoff rateLimit,
		Backoff otherRateLimit, Backoff concurrency, Backoff backendBusyOmni, Backoff backendBusy, Backoff serverError,
		Backoff unavailable, Backoff gatewayTimeout, Backoff connection, boolean retryNonIdempotent) {

	private static final RetryPolicy DEFAULTS = new RetryPolicy(true, 3, Duration.ofSeconds(60),
			Backoff.ofMillis(1000, 2000), Backoff.ofMillis(1000, 2000), Backoff.ofMillis(10, 100),
			Backoff.ofMillis(5000, 10000), Backoff.ofMillis(1000, 3000), Backoff.ofMillis(1000, 2000),
			Backoff.ofMillis(5000, 10000), Backoff.ofMillis(1000, 3000), Backoff.ofMillis(50, 250), false);

	public RetryPolicy {
		Assert.isTrue(maxAttempts >= 1, "maxAttempts must be at least 1");
		Assert.isTrue(!maxRetryAfter.isNegative(), "maxRetryAfter must not be negative");
		maxRetryAfter = Durations.capped(maxRetryAfter);
	}

	/**
	 * Return the defaults: 3 attempts, {@code Retry-After} capped at 60 s, and the windows of docs/epithre-api.md,
	 * errors.
	 * @return the default policy
	 */
	public static RetryPolicy defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a policy that never retries.
	 * @return the policy
	 */
	public static RetryPolicy disabled() {
		return DEFAULTS.withEnabled(false);
	}

	public RetryPolicy withEnabled(boolean enabled) {
		return new RetryPolicy(enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit, this.otherRateLimit,
				this.concurrency, this.backendBusyOmni, this.backendBusy, this.serverError, this.unavailable,
				this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withMaxAttempts(int maxAttempts) {
		return new RetryPolicy(this.enabled, maxAttempts, this.maxRetryAfter, this.rateLimit, this.otherRateLimit,
				this.concurrency, this.backendBusyOmni, this.backendBusy, this.serverError, this.unavailable,
				this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withMaxRetryAfter(Duration maxRetryAfter) {
		return new RetryPolicy(this.enabled, this.maxAttempts, maxRetryAfter, this.rateLimit, this.otherRateLimit,
				this.concurrency, this.backendBusyOmni, this.backendBusy, this.serverError, this.unavailable,
				this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withRateLimit(Backoff rateLimit) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, rateLimit, this.otherRateLimit,
				this.concurrency, this.backendBusyOmni, this.backendBusy, this.serverError, this.unavailable,
				this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withOtherRateLimit(Backoff otherRateLimit) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit, otherRateLimit,
				this.concurrency, this.backendBusyOmni, this.backendBusy, this.serverError, this.unavailable,
				this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withConcurrency(Backoff concurrency) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit,
				this.otherRateLimit, concurrency, this.backendBusyOmni, this.backendBusy, this.serverError,
				this.unavailable, this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withBackendBusyOmni(Backoff backendBusyOmni) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit,
				this.otherRateLimit, this.concurrency, backendBusyOmni, this.backendBusy, this.serverError,
				this.unavailable, this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withBackendBusy(Backoff backendBusy) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit,
				this.otherRateLimit, this.concurrency, this.backendBusyOmni, backendBusy, this.serverError,
				this.unavailable, this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withServerError(Backoff serverError) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit,
				this.otherRateLimit, this.concurrency, this.backendBusyOmni, this.backendBusy, serverError,
				this.unavailable, this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withUnavailable(Backoff unavailable) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit,
				this.otherRateLimit, this.concurrency, this.backendBusyOmni, this.backendBusy, this.serverError,
				unavailable, this.gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withGatewayTimeout(Backoff gatewayTimeout) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit,
				this.otherRateLimit, this.concurrency, this.backendBusyOmni, this.backendBusy, this.serverError,
				this.unavailable, gatewayTimeout, this.connection, this.retryNonIdempotent);
	}

	public RetryPolicy withConnection(Backoff connection) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit,
				this.otherRateLimit, this.concurrency, this.backendBusyOmni, this.backendBusy, this.serverError,
				this.unavailable, this.gatewayTimeout, connection, this.retryNonIdempotent);
	}

	public RetryPolicy withRetryNonIdempotent(boolean retryNonIdempotent) {
		return new RetryPolicy(this.enabled, this.maxAttempts, this.maxRetryAfter, this.rateLimit,
				this.otherRateLimit, this.concurrency, this.backendBusyOmni, this.backendBusy, this.serverError,
				this.unavailable, this.gatewayTimeout, this.connection, retryNonIdempotent);
	}

}
