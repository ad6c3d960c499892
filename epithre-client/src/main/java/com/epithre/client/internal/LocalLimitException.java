package com.epithre.client.internal;

/**
 * A request that a local check refused before it reached Epithre, such as an upload over the size limit, found while
 * its body was already being written. It keeps its own message and type ({@link IllegalArgumentException}) instead of
 * being reported as a transport failure.
 */
final class LocalLimitException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	LocalLimitException(String message) {
		super(message);
	}

}
