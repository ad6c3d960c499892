package com.epithre.test;

import org.jspecify.annotations.Nullable;

/**
 * Chooses the response to a request received by a {@link FakeEpithreServer}.
 *
 * <p>
 * The server asks its dispatcher first; when the dispatcher returns {@code null} it falls back to the head of its
 * queue and then to its default behaviour. Dispatchers run on a worker thread, not on the server's event loop, so they
 * may block, for example on a latch that holds a response back; the request counts as in flight meanwhile. A dispatcher
 * that never blocks can say so with {@link #blocking()} and runs on the event loop instead, which saves the server two
 * hand-offs between threads per request: with a thousand requests arriving at once, those hand-offs were 40% of the
 * server's own work per request.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Dispatcher {

	/**
	 * Return the response to the given request, or {@code null} to fall through to the queue and the defaults.
	 * @param request the recorded request, body included
	 * @return the scripted response or {@code null}
	 */
	@Nullable FakeResponse dispatch(RecordedRequest request);

	/**
	 * Return whether {@link #dispatch(RecordedRequest)} may block. The server runs a dispatcher that may block on a
	 * worker thread and one that does not on the event loop that received the request, where blocking would stall
	 * every connection of that loop. Delays belong in the response ({@link FakeResponse#withFirstByteDelay}), which
	 * the server waits for without blocking.
	 * @return {@code true} (the default) if the server must call the dispatcher off its event loop
	 * @since 0.1.0
	 */
	default boolean blocking() {
		return true;
	}

	/**
	 * Return a dispatcher that answers as the given one and declares that it never blocks, so that the server calls
	 * it on its event loop.
	 * @param dispatcher a dispatcher that never blocks
	 * @return the non-blocking dispatcher
	 * @since 0.1.0
	 */
	static Dispatcher nonBlocking(Dispatcher dispatcher) {
		return new Dispatcher() {

			@Override
			public @Nullable FakeResponse dispatch(RecordedRequest request) {
				return dispatcher.dispatch(request);
			}

			@Override
			public boolean blocking() {
				return false;
			}

		};
	}

}
