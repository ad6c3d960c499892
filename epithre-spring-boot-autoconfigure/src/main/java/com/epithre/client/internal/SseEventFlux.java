package com.epithre.client.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;
import reactor.util.context.Context;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import com.epithre.client.error.EpithreStreamException;

/**
 * The events of a {@code 200} SSE body, decoded by {@link SseEventReader.Decoding} in one operator. It replaces a
 * chain of {@code concatMapIterable} (a list and a spliterator per read), a {@code concatWith} for the end of the
 * body, a {@code handle} for the control items and the {@code [DONE]} checks around them: the hot path of every
 * streamed chunk.
 * <p>
 * Reads are requested {@value #PREFETCH} at a time and decoded only when the events before them have been
 * delivered, so a slow subscriber holds back at most that many reads and the server's TCP window does the rest.
 * After {@code [DONE]} the rest of the body is read and released without waiting for demand, so the connection goes
 * back to the pool. A failure (error event, oversized or unreadable event) ends the stream where it stands and
 * cancels the body; a body that ends without {@code [DONE]} fails with an {@link EpithreStreamException}; a failure
 * of the body after {@code [DONE]} does not take the complete answer back. Every read is released exactly once,
 * whatever ends the stream.
 *
 * @param <T> the event type
 */
final class SseEventFlux<T> extends FluxOperator<DataBuffer, T> {

	/** Reads requested ahead; a quarter of them is requested again each time three quarters were decoded. */
	static final int PREFETCH = 32;

	private static final int REPLENISH = PREFETCH - (PREFETCH >> 2);

	private final Class<T> type;

	private final CallState state;

	private final Supplier<SseEventReader.Decoding<T>> decoding;

	SseEventFlux(Flux<DataBuffer> body, Class<T> type, CallState state,
			Supplier<SseEventReader.Decoding<T>> decoding) {
		super(body);
		this.type = type;
		this.state = state;
		this.decoding = decoding;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new EventSubscriber<>(actual, this.type, this.state, this.decoding.get()));
	}

	private static final class EventSubscriber<T> implements CoreSubscriber<DataBuffer>, Subscription, Scannable {

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<EventSubscriber> WIP = AtomicIntegerFieldUpdater
			.newUpdater(EventSubscriber.class, "wip");

		@SuppressWarnings("rawtypes")
		private static final AtomicLongFieldUpdater<EventSubscriber> REQUESTED = AtomicLongFieldUpdater
			.newUpdater(EventSubscriber.class, "requested");

		private final CoreSubscriber<? super T> actual;

		private final Class<T> type;

		private final CallState state;

		private final SseEventReader.Decoding<T> decoding;

		/**
		 * Reads received and not decoded yet: offered by {@link #onNext}, polled by the drain loop only. Linked
		 * arrays of 8 rather than one array of {@value #PREFETCH}: it holds one read or none while the subscriber
		 * keeps up, and a thousand open streams would each hold the larger array for nothing.
		 */
		private final Queue<DataBuffer> reads = Queues.<DataBuffer>unbounded(8).get();

		/** Reads received; {@link #onNext} only. */
		private long received;

		/** Reads requested from the body so far, raised before each request. */
		private volatile long requestedUpstream;

		/** Decoded items not handed on yet; touched by the drain loop only. */
		private final ArrayDeque<Object> events = new ArrayDeque<>(8);

		private @Nullable Subscription upstream;

		/** Reads decoded since the last replenishing request; drain loop only. */
		private int decoded;

		/** The end of the body was decoded; drain loop only. */
		private boolean finished;

		private volatile boolean done;

		private volatile @Nullable Throwable error;

		/** Cancelled by the subscriber, or terminated: whatever is queued or arrives is released. */
		private volatile boolean cancelled;

		private volatile int wip;

		private volatile long requested;

		EventSubscriber(CoreSubscriber<? super T> actual, Class<T> type, CallState state,
				SseEventReader.Decoding<T> decoding) {
			this.actual = actual;
			this.type = type;
			this.state = state;
			this.decoding = decoding;
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
				if (!this.cancelled) {
					this.requestedUpstream = PREFETCH;
					subscription.request(PREFETCH);
				}
			}
		}

		@Override
		public void onNext(DataBuffer buffer) {
			if (this.done || this.cancelled) {
				DataBufferUtils.release(buffer);
				return;
			}
			if (++this.received > this.requestedUpstream) {
				// only a body that ignores backpressure gets here
				DataBufferUtils.release(buffer);
				onError(Operators.onOperatorError(this.upstream,
						new IllegalStateException("the response body sent more reads than requested"),
						this.actual.currentContext()));
				return;
			}
			this.reads.offer(buffer);
			drain();
		}

		@Override
		public void onError(Throwable ex) {
			if (this.done) {
				Operators.onErrorDropped(ex, this.actual.currentContext());
				return;
			}
			this.error = ex;
			this.done = true;
			drain();
		}

		@Override
		public void onComplete() {
			if (this.done) {
				return;
			}
			this.done = true;
			drain();
		}

		@Override
		public void request(long n) {
			if (Operators.validate(n)) {
				Operators.addCap(REQUESTED, this, n);
				drain();
			}
		}

		@Override
		public void cancel() {
			if (this.cancelled) {
				return;
			}
			this.cancelled = true;
			cancelUpstream();
			drain();
		}

		@Override
		public @Nullable Object scanUnsafe(Attr key) {
			if (key == Attr.PARENT) {
				return this.upstream;
			}
			if (key == Attr.ACTUAL) {
				return this.actual;
			}
			if (key == Attr.PREFETCH) {
				return PREFETCH;
			}
			if (key == Attr.BUFFERED) {
				return this.reads.size();
			}
			if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
				return this.requested;
			}
			if (key == Attr.TERMINATED) {
				return this.done && this.reads.isEmpty();
			}
			if (key == Attr.CANCELLED) {
				return this.cancelled;
			}
			if (key == Attr.RUN_STYLE) {
				return Attr.RunStyle.SYNC;
			}
			return null;
		}

		private void drain() {
			if (WIP.getAndIncrement(this) != 0) {
				return;
			}
			int missed = 1;
			do {
				if (this.cancelled) {
					discardAll();
				}
				else {
					deliver();
				}
				missed = WIP.addAndGet(this, -missed);
			}
			while (missed != 0);
		}

		/** Hand on what the demand allows, decoding reads as the events before them are delivered. */
		private void deliver() {
			long demand = this.requested;
			long emitted = 0;
			while (!this.cancelled) {
				Object item = this.events.peek();
				if (item == null) {
					if (!decodeNext()) {
						break;
					}
					continue;
				}
				if (item == SseEventReader.DONE_SIGNAL) {
					this.events.poll();
					this.state.answerComplete();
				}
				else if (item instanceof SseEventReader.Failure failure) {
					cancelUpstream();
					terminate(failure.error());
				}
				else if (emitted != demand) {
					this.events.poll();
					this.actual.onNext(this.type.cast(item));
					emitted++;
				}
				else {
					break;
				}
			}
			if (emitted != 0 && demand != Long.MAX_VALUE) {
				REQUESTED.addAndGet(this, -emitted);
			}
		}

		/**
		 * Decode the next read, or the end of the body; {@code false} when there is nothing to decode yet, or the
		 * stream was terminated.
		 */
		private boolean decodeNext() {
			boolean ended = this.done;
			DataBuffer buffer = this.reads.poll();
			if (buffer != null) {
				this.decoding.read(buffer, this.events);
				if (++this.decoded == REPLENISH) {
					this.decoded = 0;
					Subscription upstream = this.upstream;
					if (upstream != null) {
						this.requestedUpstream += REPLENISH; // the drain loop is the only writer
						upstream.request(REPLENISH);
					}
				}
				return true;
			}
			if (!ended) {
				return false;
			}
			Throwable failure = this.error;
			if (failure != null) {
				terminate(failure);
				return false;
			}
			if (!this.finished) {
				this.finished = true;
				this.decoding.finish(this.events);
				return true;
			}
			terminate(null);
			return false;
		}

		/**
		 * End the stream: a failure, or the end of the body, which without {@code [DONE]} is a truncated answer; after
		 * {@code [DONE]} either is a completion.
		 */
		private void terminate(@Nullable Throwable failure) {
			this.cancelled = true;
			discardAll();
			if (this.state.trace.done) {
				this.actual.onComplete();
			}
			else if (failure != null) {
				this.actual.onError(failure);
			}
			else {
				this.actual.onError(new EpithreStreamException("Epithre " + this.state.operation
						+ " ended without data: [DONE]; the answer is truncated [request id " + this.state.requestId
						+ "]", this.state.requestId, null));
			}
		}

		private void cancelUpstream() {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

		private void discardAll() {
			this.events.clear();
			DataBuffer buffer;
			while ((buffer = this.reads.poll()) != null) {
				DataBufferUtils.release(buffer);
			}
		}

	}

}
