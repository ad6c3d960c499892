package com.epithre.client.error;

import org.jspecify.annotations.Nullable;

/**
 * A successful status arrived with a body that could not be read as the documented JSON.
 *
 * @since 0.1.0
 */
public class EpithreInvalidResponseException extends EpithreException {

	private static final long serialVersionUID = 1L;

	public EpithreInvalidResponseException(String message, @Nullable String requestId, @Nullable Throwable cause) {
		super(message, requestId, cause);
	}

}
