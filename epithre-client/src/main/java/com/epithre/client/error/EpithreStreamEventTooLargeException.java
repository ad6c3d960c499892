package com.epithre.client.error;

import org.jspecify.annotations.Nullable;

/**
 * A streamed answer sent an event larger than the client's maximum event size ({@code epithre.stream.max-event-size},
 * {@code EpithreClientSettings#maxEventSize()}); the stream was cut off there instead of buffering without bound.
 * Events delivered before it stay valid.
 *
 * @since 0.1.0
 */
public class EpithreStreamEventTooLargeException extends EpithreStreamException {

	private static final long serialVersionUID = 1L;

	private final long maxEventSize;

	public EpithreStreamEventTooLargeException(String message, long maxEventSize, @Nullable String requestId,
			@Nullable Throwable cause) {
		super(message, requestId, cause);
		this.maxEventSize = maxEventSize;
	}

	/**
	 * Return the limit that was exceeded.
	 * @return the maximum event size in bytes
	 */
	public long getMaxEventSize() {
		return this.maxEventSize;
	}

}
