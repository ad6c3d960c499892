package com.epithre.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The request failed below HTTP before any response arrived: connection refused or reset, DNS, TLS, or a timeout.
 *
 * @since 0.1.0
 */
public class EpithreTransportException extends EpithreException {

	private static final long serialVersionUID = 1L;

	public EpithreTransportException(String message, @Nullable String requestId, @Nullable Throwable cause) {
		super(message, requestId, cause);
	}

}
