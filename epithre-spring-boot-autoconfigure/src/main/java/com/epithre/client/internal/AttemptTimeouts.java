package com.epithre.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTimeoutException.Timeout;

/**
 * The response and stream-idle timeouts of one attempt with a single timer: the response timeout runs until the
 * first item, the idle timeout from each item to the next. The first item re-arms the timer for the idle timeout;
 * later items only record when they arrived, and the timer, when it fires, re-arms itself for the rest of the idle
 * time if items came in the meantime. A stream of thousands of chunks thus schedules one timer task per idle period
 * instead of one per chunk (as {@code Flux#timeout} with a per-item publisher would). Once the answer is complete
 * ({@link CallTrace#done}) nothing times out.
 */
final class AttemptTimeouts implements Runnable {

	private static final long NO_ITEM = Long.MIN_VALUE;

	private static final int RUNNING = 0;

	private static final int ENDED = 1;

	private static final int TIMED_OUT = 2;

	private static final AtomicIntegerFieldUpdater<AttemptTimeouts> OUTCOME = AtomicIntegerFieldUpdater
		.newUpdater(AttemptTimeouts.class, "outcome");

	private static final AtomicLongFieldUpdater<AttemptTimeouts> LAST_ITEM = AtomicLongFieldUpdater
		.newUpdater(AttemptTimeouts.class, "lastItemNanos");

	private final CallState state;

	private final Duration response;

	private final Duration idle;

	private final Scheduler scheduler;

	private volatile long lastItemNanos = NO_ITEM;

	private volatile MonoSink<Timeout> sink;

	private volatile int outcome = RUNNING;

	private @Nullable Timeout timedOut;

	private Disposable task = Disposables.disposed();

	/** The attempt ended (or timed out): the timer must not fire, nor re-arm itself, again. */
	private volatile boolean stopped;

	private AttemptTimeouts(CallState state, Duration response, Duration idle, Scheduler scheduler) {
		this.state = state;
		this.response = response;
		this.idle = idle;
		this.scheduler = scheduler;
	}

	/**
	 * Apply the timeouts to an attempt; the timer starts when the attempt is subscribed.
	 * @param <T> the item type
	 * @param source the attempt
	 * @param state the attempt's state, for the error and for {@link CallTrace#done}
	 * @param response the longest wait for the first item
	 * @param idle the longest wait between two items
	 * @return the attempt failing with an {@link EpithreTimeoutException} when a timeout passes
	 */
	static <T> Flux<T> apply(Flux<T> source, CallState state, Duration response, Duration idle) {
		return Flux.defer(() -> {
			AttemptTimeouts timeouts = new AttemptTimeouts(state, response, idle, Schedulers.parallel());
			// the timer's signal cancels the attempt and completes it; the outcome then turns that into the error
			return source.doOnNext((item) -> timeouts.itemArrived())
				.takeUntilOther(timeouts.timer())
				.concatWith(Mono.defer(timeouts::<T>outcome));
		});
	}

	/** Called serially, as onNext is. */
	private void itemArrived() {
		boolean first = this.lastItemNanos == NO_ITEM;
		LAST_ITEM.lazySet(this, now(this.scheduler));
		if (first) { // from the response timeout to the idle timeout
			rearm(this.idle.toNanos());
		}
	}

	private Mono<Timeout> timer() {
		return Mono.create((sink) -> {
			this.sink = sink;
			sink.onDispose(this::stop);
			rearm(this.response.toNanos());
		});
	}

	/** Replace the pending timer task, if any; the first item and the timer itself may re-arm at the same time. */
	private synchronized void rearm(long delayNanos) {
		this.task.dispose();
		if (!this.stopped) {
			this.task = this.scheduler.schedule(this, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
		}
	}

	private synchronized void stop() {
		this.stopped = true;
		this.task.dispose();
	}

	@Override
	public void run() {
		if (this.stopped || this.state.trace.done) {
			return;
		}
		long last = this.lastItemNanos;
		if (last == NO_ITEM) {
			fail(Timeout.RESPONSE);
			return;
		}
		long remaining = last + this.idle.toNanos() - now(this.scheduler);
		if (remaining <= 0) {
			fail(Timeout.STREAM_IDLE);
		}
		else {
			rearm(remaining);
		}
	}

	/** The timer decides the outcome unless the attempt ended first; either way only one of them decides. */
	private void fail(Timeout kind) {
		this.timedOut = kind;
		if (OUTCOME.compareAndSet(this, RUNNING, TIMED_OUT)) {
			this.sink.success(kind);
		}
	}

	/** After the attempt completed, normally or cut off by the timer. */
	private <T> Mono<T> outcome() {
		if (OUTCOME.compareAndSet(this, RUNNING, ENDED)) {
			return Mono.empty();
		}
		Timeout kind = Objects.requireNonNull(this.timedOut);
		Duration duration = (kind == Timeout.RESPONSE) ? this.response : this.idle;
		return Mono.error(new EpithreTimeoutException(this.state.operation, kind, duration, this.state.requestId));
	}

	private static long now(Scheduler scheduler) {
		return scheduler.now(TimeUnit.NANOSECONDS);
	}

}
