package com.epithre.client.resilience;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Tells a {@link Listener} of an attempt's first item, failure and completion, in one operator on the attempt: every
 * chunk of a stream passes through it, where a {@code doOnNext}, a {@code doOnError} and a {@code doOnComplete} would
 * be three operators, the first of them called for every chunk.
 *
 * @param <T> the item type
 */
final class AttemptSignals<T> extends FluxOperator<T, T> {

	private final Listener listener;

	AttemptSignals(Flux<? extends T> attempt, Listener listener) {
		super(attempt);
		this.listener = listener;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new SignalsSubscriber<>(actual, this.listener));
	}

	/**
	 * What an attempt reports, before its subscriber sees it.
	 */
	interface Listener {

		/**
		 * The attempt delivered its first item.
		 */
		void firstItem();

		/**
		 * The attempt failed.
		 * @param failure the failure
		 */
		void failed(Throwable failure);

		/**
		 * The attempt completed.
		 */
		void completed();

	}

	private static final class SignalsSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final Listener listener;

		private @Nullable Subscription upstream;

		private boolean delivered;

		SignalsSubscriber(CoreSubscriber<? super T> actual, Listener listener) {
			this.actual = actual;
			this.listener = listener;
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
			}
		}

		@Override
		public void onNext(T item) {
			if (!this.delivered) {
				this.delivered = true;
				this.listener.firstItem();
			}
			this.actual.onNext(item);
		}

		@Override
		public void onError(Throwable failure) {
			try {
				this.listener.failed(failure);
			}
			catch (Throwable ex) {
				failure.addSuppressed(ex);
			}
			this.actual.onError(failure);
		}

		@Override
		public void onComplete() {
			this.listener.completed();
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.request(n);
			}
		}

		@Override
		public void cancel() {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

	}

}
