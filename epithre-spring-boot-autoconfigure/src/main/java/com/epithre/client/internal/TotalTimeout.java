package com.epithre.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * The total timeout of a call, retries included, as one operator with one timer for the whole call: when the timer
 * fires before the call ended, and before its answer was complete, the call is cancelled and fails with the error
 * given. Whichever of the timer and the call's own end comes first decides. Items pay one uncontended compare-and-set
 * to stay serialized with the timer, instead of the {@code SerializedSubscriber} of {@code takeUntilOther}.
 *
 * @param <T> the item type
 */
final class TotalTimeout<T> implements CoreSubscriber<T>, Subscription, Runnable {

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<TotalTimeout> WIP = AtomicIntegerFieldUpdater
		.newUpdater(TotalTimeout.class, "wip");

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<TotalTimeout> DECIDED = AtomicIntegerFieldUpdater
		.newUpdater(TotalTimeout.class, "decided");

	private final CoreSubscriber<? super T> actual;

	private final Duration timeout;

	private final CallTrace trace;

	private final Supplier<? extends Throwable> error;

	private final Scheduler scheduler;

	private @Nullable Subscription upstream;

	private volatile @Nullable Disposable task;

	/** Non-zero while an item is being delivered, and for good once the timer ended the call. */
	private volatile int wip;

	/** One once the call's end or the timer decided how the call ends. */
	private volatile int decided;

	private TotalTimeout(CoreSubscriber<? super T> actual, Duration timeout, CallTrace trace,
			Supplier<? extends Throwable> error, Scheduler scheduler) {
		this.actual = actual;
		this.timeout = timeout;
		this.trace = trace;
		this.error = error;
		this.scheduler = scheduler;
	}

	/**
	 * Apply a total timeout to a call; the timer starts when the call is subscribed.
	 * @param <T> the item type
	 * @param source the call
	 * @param timeout the longest the call may take
	 * @param trace tells whether the answer is already complete, in which case the timer no longer ends the call
	 * @param error the error the call fails with when the timeout passes
	 * @return the call, failing with that error when the timeout passes first
	 */
	static <T> Flux<T> apply(Flux<T> source, Duration timeout, CallTrace trace, Supplier<? extends Throwable> error) {
		// a plain operator, never fused (see AttemptTimeouts#apply)
		return new FluxOperator<T, T>(source) {

			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				this.source.subscribe(new TotalTimeout<>(actual, timeout, trace, error, Schedulers.parallel()));
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
			this.actual.onSubscribe(this);
			this.task = this.scheduler.schedule(this, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void onNext(T item) {
		if (WIP.compareAndSet(this, 0, 1)) {
			this.actual.onNext(item);
			if (WIP.decrementAndGet(this) != 0) {
				this.actual.onError(this.error.get()); // the timer ended the call while the item was delivered
			}
		}
		else {
			Operators.onDiscard(item, this.actual.currentContext());
		}
	}

	@Override
	public void onError(Throwable failure) {
		if (decide()) {
			this.actual.onError(failure);
		}
	}

	@Override
	public void onComplete() {
		if (decide()) {
			this.actual.onComplete();
		}
	}

	/** The call ended by itself: stop the timer, unless it decided first. */
	private boolean decide() {
		if (!DECIDED.compareAndSet(this, 0, 1)) {
			return false;
		}
		disposeTask();
		return true;
	}

	@Override
	public void run() {
		if (this.trace.done || !DECIDED.compareAndSet(this, 0, 1)) {
			return; // the answer is complete, or the call ended: the rest of the body may take its time
		}
		upstream().cancel();
		if (WIP.getAndIncrement(this) == 0) {
			this.actual.onError(this.error.get());
		}
	}

	@Override
	public void request(long n) {
		upstream().request(n);
	}

	@Override
	public void cancel() {
		this.decided = 1; // nothing is delivered after a cancellation, the timer's error neither
		disposeTask();
		upstream().cancel();
	}

	private void disposeTask() {
		Disposable task = this.task;
		if (task != null) {
			task.dispose();
		}
	}

	/** Set before anything can call for it: downstream and the timer only start in {@link #onSubscribe}. */
	private Subscription upstream() {
		return Objects.requireNonNull(this.upstream);
	}

}
