package com.epithre.client.error;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception raised by the Epithre client; unchecked.
 *
 * @since 0.1.0
 */
public class EpithreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String requestId;

	public EpithreException(String message, @Nullable String requestId, @Nullable Throwable cause) {
		super(message, cause);
		this.requestId = requestId;
	}

	/**
	 * Return the {@code X-Request-ID} of the response that caused this error, when the server sent one.
	 * @return the request id or {@code null}
	 */
	public @Nullable String getRequestId() {
		return this.requestId;
	}

}
