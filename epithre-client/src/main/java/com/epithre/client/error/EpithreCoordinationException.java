package com.epithre.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The cluster-wide limits of a key could not be consulted because their store (Redis) is unreachable, and
 * {@code epithre.coordination.on-redis-failure=fail}. Nothing was sent to Epithre.
 *
 * @since 0.1.0
 */
public class EpithreCoordinationException extends EpithreException {

	private static final long serialVersionUID = 1L;

	public EpithreCoordinationException(String message, @Nullable Throwable cause) {
		super(message, null, cause);
	}

}
