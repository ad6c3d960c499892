package com.epithre.client.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import com.epithre.client.config.Backoff;

/**
 * {@code backend_busy} is back-pressure from the shared pool, not from one caller (docs/epithre-api.md, errors): once
 * a call of
 * a model sees it, every call of that model waits out the same window, each with its own jitter, instead of all
 * retrying at the same instant.
 */
final class BackendBusyGate {

	private final Map<String, AtomicLong> closedUntilNanos = new ConcurrentHashMap<>();

	private final Scheduler scheduler;

	BackendBusyGate(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Close the gate of a model for a window (extending, never shortening, a window already running).
	 * @param model the model
	 * @param window how long the model's callers hold back
	 */
	void close(@Nullable String model, Duration window) {
		long until = now() + window.toNanos();
		this.closedUntilNanos.computeIfAbsent(key(model), (key) -> new AtomicLong()).accumulateAndGet(until, Math::max);
	}

	/**
	 * Return how long a call of the model must still hold back.
	 * @param model the model
	 * @return the rest of the window, zero when open
	 */
	Duration remaining(@Nullable String model) {
		AtomicLong until = this.closedUntilNanos.get(key(model));
		long left = (until != null) ? until.get() - now() : 0;
		return (left > 0) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	/**
	 * Run {@code then} once the model's gate is open, after the jitter of {@link #await} if it was closed.
	 * @param <T> the item type
	 * @param model the model
	 * @param spread the back-off window whose width is the jitter
	 * @param then what to run
	 * @return {@code then}, subscribed when the call may go
	 */
	<T> Flux<T> after(@Nullable String model, Backoff spread, Flux<T> then) {
		// an open gate, the usual case, adds no operator to what every chunk of a stream passes through
		return Flux.defer(() -> remaining(model).isZero() ? then : await(model, spread).thenMany(then));
	}

	/**
	 * Wait until the model's gate is open, plus a jitter so waiters do not all start together.
	 * @param model the model
	 * @param spread the back-off window whose width is the jitter
	 * @return completes when the call may go
	 */
	Mono<Void> await(@Nullable String model, Backoff spread) {
		return Mono.defer(() -> {
			Duration remaining = remaining(model);
			if (remaining.isZero()) {
				return Mono.empty();
			}
			return Mono.delay(remaining.plus(spread.jitter()), this.scheduler).then();
		});
	}

	/**
	 * Open the gate of every model at once, forgetting every window.
	 */
	void reset() {
		this.closedUntilNanos.clear();
	}

	private long now() {
		return this.scheduler.now(TimeUnit.NANOSECONDS);
	}

	private static String key(@Nullable String model) {
		return (model != null) ? model : "";
	}

}
