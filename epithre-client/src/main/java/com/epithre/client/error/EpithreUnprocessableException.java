package com.epithre.client.error;

/**
 * HTTP 422: strict validation failed, e.g. {@code instruction} with image input; never retried.
 *
 * @since 0.1.0
 */
public class EpithreUnprocessableException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	public EpithreUnprocessableException(EpithreErrorDetails details) {
		super(details);
	}

}
