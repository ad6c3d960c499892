package com.epithre.test;

import org.jspecify.annotations.Nullable;

/**
 * Chooses the response to a request received by a {@link FakeEpithreServer}.
 *
 * <p>
 * The server asks its dispatcher first; when the dispatcher returns {@code null} it falls back to the head of its
 * queue and then to its default behaviour. Dispatchers run on a worker thread, not on the server's event loop, so they
 * may block, for example on a latch that holds a response back; the request counts as in flight meanwhile.
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

}
