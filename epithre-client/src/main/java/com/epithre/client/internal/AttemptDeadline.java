package com.epithre.client.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTimeoutException.Timeout;

/**
 * The timeouts of one attempt, watched by a periodic check on Reactor's parallel scheduler: the response timeout until
 * the first item, the idle timeout from each item to the next, and after a stream's {@code [DONE]} the grace for the
 * body to end. Items only record when they arrived. The attempt's end and the check race for one decision, so an
 * attempt that ended in time never fails with a timeout.
 */
final class AttemptDeadline {

	private static final Object ENDED = new Object();

	private static final Object GRACE_OVER = new Object();

	private static final Duration MIN_PERIOD = Duration.ofMillis(10);

	private static final Duration MAX_PERIOD = Duration.ofSeconds(1);

	private final CallState state;

	private final Duration response;

	private final Duration idle;

	private final Duration grace;

	private final long startNanos = System.nanoTime();

	private volatile long lastItemNanos;

	/** {@code null} while the attempt runs, then {@link #ENDED}, {@link #GRACE_OVER} or the timeout. */
	private final AtomicReference<Object> decision = new AtomicReference<>();

	AttemptDeadline(CallState state, Duration response, Duration idle, Duration grace) {
		this.state = state;
		this.response = response;
		this.idle = idle;
		this.grace = grace;
	}

	void itemArrived() {
		this.lastItemNanos = System.nanoTime();
		if (!this.state.itemSeen) {
			this.state.itemSeen = true;
		}
	}

	void ended() {
		this.decision.compareAndSet(null, ENDED);
	}

	/**
	 * Emit once a timeout passed or the grace after {@code [DONE]} is over; never complete otherwise.
	 * @return the expiry
	 */
	Mono<Long> expiry() {
		Duration shortest = (this.response.compareTo(this.idle) < 0) ? this.response : this.idle;
		Duration period = clamp(shortest.dividedBy(8));
		return Flux.interval(period, period).filter((tick) -> check()).next();
	}

	/**
	 * What follows the attempt's items: nothing when it ended by itself or its grace was over, else the timeout.
	 * @return the outcome
	 */
	<T> Mono<T> outcome() {
		Object decided = this.decision.get();
		return (decided instanceof EpithreTimeoutException timeout) ? Mono.error(timeout) : Mono.empty();
	}

	private boolean check() {
		long now = System.nanoTime();
		boolean seen = this.state.itemSeen;
		long since = now - (seen ? this.lastItemNanos : this.startNanos);
		if (this.state.trace.done) {
			return since > this.grace.toNanos() && this.decision.compareAndSet(null, GRACE_OVER);
		}
		Duration limit = seen ? this.idle : this.response;
		if (since <= limit.toNanos()) {
			return false;
		}
		EpithreTimeoutException timeout = new EpithreTimeoutException(this.state.operation,
				seen ? Timeout.STREAM_IDLE : Timeout.RESPONSE, limit, this.state.requestId);
		return this.decision.compareAndSet(null, timeout);
	}

	private static Duration clamp(Duration period) {
		return (period.compareTo(MIN_PERIOD) < 0) ? MIN_PERIOD : (period.compareTo(MAX_PERIOD) > 0) ? MAX_PERIOD : period;
	}

}
