package com.epithre.client.error;

/**
 * A call could not get one of its API key's concurrency permits: the wait queue was full or the call waited longer
 * than allowed. Nothing was sent to Epithre.
 *
 * @since 0.1.0
 */
public class EpithreBulkheadFullException extends EpithreException {

	private static final long serialVersionUID = 1L;

	public EpithreBulkheadFullException(String message) {
		super(message, null, null);
	}

}
