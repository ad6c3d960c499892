package com.epithre.benchmarks.harness;

import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

/**
 * Timing of one stream: start, first token, largest gap between two tokens, token count and how it ended. A client
 * delivers the events of one stream one at a time (Reactive Streams rule 1.3 or a single reader thread), so the
 * fields are plain; the latch publishes them to the harness.
 *
 * @since 0.1.0
 */
public final class StreamProbe {

	private final CountDownLatch done;

	private final @Nullable CountDownLatch started;

	private final long start = System.nanoTime();

	private long first;

	private long last;

	private long maxGap;

	private int tokens;

	private boolean completed;

	private @Nullable Throwable error;

	StreamProbe(CountDownLatch done) {
		this(done, null);
	}

	/**
	 * Create a probe that also counts down {@code started} at the stream's first token, or at its end if it has none.
	 */
	StreamProbe(CountDownLatch done, @Nullable CountDownLatch started) {
		this.done = done;
		this.started = started;
	}

	/**
	 * Count one text delta (or, for the raw floor, one SSE event after the first).
	 */
	public void onToken() {
		long now = System.nanoTime();
		if (this.tokens++ == 0) {
			this.first = now;
			if (this.started != null) {
				this.started.countDown();
			}
		}
		else if (now - this.last > this.maxGap) {
			this.maxGap = now - this.last;
		}
		this.last = now;
	}

	/**
	 * Mark the stream complete.
	 */
	public void onComplete() {
		this.completed = true;
		endWithoutToken();
		this.done.countDown();
	}

	/**
	 * Mark the stream failed.
	 * @param ex the failure
	 */
	public void onError(Throwable ex) {
		this.error = ex;
		endWithoutToken();
		this.done.countDown();
	}

	private void endWithoutToken() {
		if (this.tokens == 0 && this.started != null) {
			this.started.countDown();
		}
	}

	long timeToFirstToken() {
		return (this.tokens > 0) ? this.first - this.start : -1;
	}

	long maxGap() {
		return this.maxGap;
	}

	int tokens() {
		return this.tokens;
	}

	boolean completed() {
		return this.completed;
	}

	@Nullable Throwable error() {
		return this.error;
	}

}
