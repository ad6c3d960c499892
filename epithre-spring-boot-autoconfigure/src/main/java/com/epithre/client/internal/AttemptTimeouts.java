package com.epithre.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTimeoutException.Timeout;

/**
 * The timers of one attempt, as one operator with one timer: the response timeout until the first item, the idle
 * timeout from each item to the next, and, once the answer is complete ({@link CallState#answerComplete()}), a short
 * grace for the body to end before the attempt is cut off and completed. The first item and the end of the answer
 * re-arm the timer; other items only record when they arrived, and the timer, when it fires, re-arms itself for the
 * rest of the idle time if items came in the meantime. A stream of thousands of chunks thus schedules one timer task
 * per idle period instead of one per chunk (as {@code Flux#timeout} with a per-item publisher would), and pays one
 * uncontended compare-and-set per item to stay serialized with the timer instead of a {@code SerializedSubscriber}.
 * The attempt's end, whether it came from upstream, the timer or a cancellation, is reported to an {@link Ends} on the
 * way, so that mapping and recording it takes no operators of its own.
 *
 * @param <T> the item type
 */
final class AttemptTimeouts<T> implements CoreSubscriber<T>, Subscription, Runnable {

	/** How long the rest of the body may take after the answer is complete. */
	static final Duration DONE_GRACE = Duration.ofSeconds(1);

	private static final long NO_ITEM = Long.MIN_VALUE;

	private static final Object COMPLETE = new Object();

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<AttemptTimeouts> WIP = AtomicIntegerFieldUpdater
		.newUpdater(AttemptTimeouts.class, "wip");

	@SuppressWarnings("rawtypes")
	private static final AtomicReferenceFieldUpdater<AttemptTimeouts, Object> CUT = AtomicReferenceFieldUpdater
		.newUpdater(AttemptTimeouts.class, Object.class, "cut");

	@SuppressWarnings("rawtypes")
	private static final AtomicLongFieldUpdater<AttemptTimeouts> LAST_ITEM = AtomicLongFieldUpdater
		.newUpdater(AttemptTimeouts.class, "lastItemNanos");

	private final CoreSubscriber<? super T> actual;

	private final CallState state;

	private final Duration response;

	private final Duration idle;

	private final Scheduler scheduler;

	private final Ends ends;

	private @Nullable Subscription upstream;

	/** Non-zero while a signal is being delivered, and for good once the attempt was terminated. */
	private volatile int wip;

	/** The error or completion the timer ended the attempt with. */
	private volatile @Nullable Object cut;

	private volatile long lastItemNanos = NO_ITEM;

	/** When the attempt was subscribed, for the response timeout. */
	private long subscribedNanos;

	private volatile boolean answerComplete;

	/** The attempt ended: the timer must not fire, nor re-arm itself, again. */
	private volatile boolean stopped;

	private Disposable task = Disposables.disposed();

	private AttemptTimeouts(CoreSubscriber<? super T> actual, CallState state, Duration response, Duration idle,
			Scheduler scheduler, Ends ends) {
		this.actual = actual;
		this.state = state;
		this.response = response;
		this.idle = idle;
		this.scheduler = scheduler;
		this.ends = ends;
	}

	/**
	 * Apply the timers to an attempt; they start when the attempt is subscribed.
	 * @param <T> the item type
	 * @param source the attempt
	 * @param state the attempt's state, for the error and the end of the answer
	 * @param response the longest wait for the first item
	 * @param idle the longest wait between two items
	 * @param ends told of the attempt's end before the subscriber sees it
	 * @return the attempt failing with an {@link EpithreTimeoutException} when a timeout passes
	 */
	static <T> Flux<T> apply(Flux<T> source, CallState state, Duration response, Duration idle, Ends ends) {
		// a plain operator, never fused: the subscriber below may ask the subscription for fusion only if it is one
		return new FluxOperator<T, T>(source) {

			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				this.source.subscribe(new AttemptTimeouts<>(actual, state, response, idle, Schedulers.parallel(), ends));
			}

		};
	}

	@Override
	public Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		if (Operators.validate(this.upstream, subscription)) {
			this.upstream = subscription;
			this.state.onAnswerComplete(this::answerComplete);
			this.subscribedNanos = now();
			this.actual.onSubscribe(this);
			// one timer for both timeouts, due at the earlier of the two: the first item then needs no new timer
			// (a schedule and a cancel on the shared scheduler, and often a wake-up of its thread, per call)
			rearm(Math.min(this.response.toNanos(), this.idle.toNanos()));
		}
	}

	@Override
	public void onNext(T item) {
		LAST_ITEM.lazySet(this, now());
		if (WIP.compareAndSet(this, 0, 1)) {
			this.actual.onNext(item);
			if (WIP.decrementAndGet(this) != 0) {
				emitCut(); // the timer cut the attempt while the item was delivered
			}
		}
		else {
			Operators.onDiscard(item, this.actual.currentContext());
		}
	}

	@Override
	public void onError(Throwable error) {
		stop();
		if (WIP.compareAndSet(this, 0, 1)) {
			this.actual.onError(this.ends.failed(error));
		}
		// else the timer cut the attempt: a late error of the cancelled upstream tells nothing new
	}

	@Override
	public void onComplete() {
		stop();
		if (WIP.compareAndSet(this, 0, 1)) {
			this.ends.completed();
			this.actual.onComplete();
		}
	}

	@Override
	public void request(long n) {
		upstream().request(n);
	}

	@Override
	public void cancel() {
		this.ends.cancelled();
		stop();
		upstream().cancel();
	}

	/** Set before anything can call for it: downstream and the timer only start in {@link #onSubscribe}. */
	private Subscription upstream() {
		return Objects.requireNonNull(this.upstream);
	}

	private void answerComplete() {
		this.answerComplete = true;
		rearm(DONE_GRACE.toNanos());
	}

	/** Replace the pending timer task, if any; items, the end of the answer and the timer may re-arm at once. */
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
		if (this.stopped) {
			return;
		}
		if (this.answerComplete) {
			// the answer is complete but the body did not end within the grace: stop reading it
			cut(COMPLETE);
			return;
		}
		long last = this.lastItemNanos;
		long remaining = (last == NO_ITEM) ? this.subscribedNanos + this.response.toNanos() - now()
				: last + this.idle.toNanos() - now();
		if (remaining > 0) {
			rearm(remaining);
		}
		else if (last == NO_ITEM) {
			cut(timeout(Timeout.RESPONSE, this.response));
		}
		else {
			cut(timeout(Timeout.STREAM_IDLE, this.idle));
		}
	}

	private EpithreTimeoutException timeout(Timeout kind, Duration duration) {
		return new EpithreTimeoutException(this.state.operation, kind, duration, this.state.requestId);
	}

	/** End the attempt from the timer: cancel the upstream, then signal the end unless a signal is in flight. */
	private void cut(Object signal) {
		if (!CUT.compareAndSet(this, null, signal)) {
			return;
		}
		stop();
		upstream().cancel();
		if (WIP.getAndIncrement(this) == 0) {
			emitCut();
		}
	}

	private void emitCut() {
		Object signal = this.cut;
		if (signal instanceof Throwable error) {
			this.actual.onError(this.ends.failed(error));
		}
		else {
			this.ends.completed();
			this.actual.onComplete();
		}
	}

	private long now() {
		return this.scheduler.now(TimeUnit.NANOSECONDS);
	}

	/**
	 * Told how an attempt ended, just before its subscriber is.
	 */
	interface Ends {

		/**
		 * The attempt failed, by itself or by a timeout.
		 * @param error the failure
		 * @return the error the subscriber gets
		 */
		Throwable failed(Throwable error);

		/**
		 * The attempt completed, by itself or cut off after the answer was complete.
		 */
		void completed();

		/**
		 * The subscriber cancelled the attempt.
		 */
		void cancelled();

	}

}
