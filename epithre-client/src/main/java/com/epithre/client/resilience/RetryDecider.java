package com.epithre.client.resilience;

import java.net.ConnectException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.epithre.client.config.Backoff;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithrePoolExhaustedException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamException;
import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTransportException;

/**
 * The retry policy of docs/epithre-api.md, errors as code: whether a failure is retried, after how long, and under
 * which cause.
 * One instance per call, so it counts per-cause attempts and whether a stream already delivered an event.
 */
final class RetryDecider {

	static final String OMNI = "epithre-omni";

	private final RetryPolicy policy;

	private final CallContext call;

	private final BackendBusyGate gate;

	/** Created by the first retry: most calls never retry. */
	private @Nullable Map<String, Integer> retriesByCause;

	private volatile boolean delivered;

	RetryDecider(RetryPolicy policy, CallContext call, BackendBusyGate gate) {
		this.policy = policy;
		this.call = call;
		this.gate = gate;
	}

	static Backoff backendBusyBackoff(RetryPolicy policy, CallContext call) {
		return OMNI.equals(call.model()) ? policy.backendBusyOmni() : policy.backendBusy();
	}

	void delivered() {
		if (!this.delivered) {
			this.delivered = true;
		}
	}

	/**
	 * Decide about a failure.
	 * @param failure what went wrong
	 * @return the failure wrapped with its wait when it is retried, or the failure itself
	 */
	Throwable decide(Throwable failure) {
		if (this.delivered) {
			return failure; // a stream never re-runs after its first event: that would duplicate tokens
		}
		Throwable decision = classify(failure);
		if (decision instanceof RetryableFailure retryable) {
			if (this.retriesByCause == null) {
				this.retriesByCause = new HashMap<>();
			}
			this.retriesByCause.merge(retryable.retryCause(), 1, Integer::sum);
		}
		return decision;
	}

	private Throwable classify(Throwable failure) {
		if (failure instanceof EpithreStreamErrorEventException event) {
			Throwable inner = classify(event.getApiError());
			return (inner instanceof RetryableFailure retryable)
					? new RetryableFailure(failure, retryable.delayMillis(), retryable.retryCause()) : failure;
		}
		if (failure instanceof EpithreRateLimitException rateLimit) {
			// a 429 means the server did not act on the request, so even side-effecting calls may be sent again
			return rateLimited(rateLimit);
		}
		if (failure instanceof EpithreServerException server) {
			if (!mayResend()) {
				return failure;
			}
			return switch (server.getStatusCode()) {
				case 503 -> retry(failure, delay(server, this.policy.unavailable()), "backend_unavailable");
				case 504 -> retry(failure, delay(server, this.policy.gatewayTimeout()), "backend_timeout");
				default -> (count("server_error") >= 1) ? failure
						: retry(failure, delay(server, this.policy.serverError()), "server_error");
			};
		}
		if (failure instanceof EpithreTimeoutException || failure instanceof EpithrePoolExhaustedException) {
			// a timeout: the server may still be working on it, a re-send could bill twice; an exhausted pool: the
			// local back-pressure would only grow
			return failure;
		}
		if (failure instanceof EpithreTransportException) {
			if (!mayResend() && !isConnectFailure(failure)) {
				return failure;
			}
			return retry(failure, this.policy.connection().pick(), "connection");
		}
		if (failure instanceof EpithreStreamException && this.call.stream() && mayResend()) {
			return retry(failure, this.policy.connection().pick(), "stream_broken");
		}
		return failure;
	}

	private Throwable rateLimited(EpithreRateLimitException failure) {
		return switch (failure.getReason()) {
			case RPD -> failure; // the daily quota resets at 00:00 UTC
			case RPM -> retry(failure, delay(failure, this.policy.rateLimit()), "rpm_exceeded");
			case CONCURRENCY -> retry(failure, delay(failure, this.policy.concurrency()), "concurrency_exceeded");
			case BACKEND_BUSY -> {
				// the attempt already closed the model's shared window; wait it out with this caller's own jitter
				Duration window = this.gate.remaining(this.call.model());
				yield retry(failure, window.plus(backendBusyBackoff(this.policy, this.call).jitter()), "backend_busy");
			}
			case OTHER -> {
				Duration retryAfter = cappedRetryAfter(failure);
				Backoff first = this.policy.otherRateLimit();
				Duration exponential = first.min().multipliedBy(1L << Math.min(count("rate_limit"), 10))
					.plus(first.jitter());
				yield retry(failure, (retryAfter != null) ? retryAfter : exponential, "rate_limit");
			}
		};
	}

	private Duration delay(EpithreApiException failure, Backoff backoff) {
		Duration retryAfter = cappedRetryAfter(failure);
		return (retryAfter != null) ? retryAfter : backoff.pick();
	}

	private @Nullable Duration cappedRetryAfter(EpithreApiException failure) {
		Duration retryAfter = failure.getRetryAfter();
		if (retryAfter == null) {
			return null;
		}
		return (retryAfter.compareTo(this.policy.maxRetryAfter()) > 0) ? this.policy.maxRetryAfter() : retryAfter;
	}

	private boolean mayResend() {
		return this.call.idempotent() || this.policy.retryNonIdempotent();
	}

	private int count(String cause) {
		return (this.retriesByCause != null) ? this.retriesByCause.getOrDefault(cause, 0) : 0;
	}

	private static RetryableFailure retry(Throwable failure, Duration delay, String cause) {
		return new RetryableFailure(failure, Math.max(1, delay.toMillis()), cause);
	}

	private static boolean isConnectFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
