package com.epithre.client.error;

import org.jspecify.annotations.Nullable;

/**
 * A streamed answer failed after its {@code 200} status: the connection broke mid-stream, a chunk could not be read,
 * or the stream ended without {@code data: [DONE]} (docs/epithre-api.md, streaming). Events already delivered stay
 * valid; the
 * rest of the answer is lost, so it is never retried silently.
 *
 * @since 0.1.0
 */
public class EpithreStreamException extends EpithreException {

	private static final long serialVersionUID = 1L;

	public EpithreStreamException(String message, @Nullable String requestId, @Nullable Throwable cause) {
		super(message, requestId, cause);
	}

}
