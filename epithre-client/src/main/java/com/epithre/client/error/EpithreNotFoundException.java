package com.epithre.client.error;

/**
 * HTTP 404: unknown model, file, batch or webhook id, or an unknown path; never retried.
 *
 * @since 0.1.0
 */
public class EpithreNotFoundException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	public EpithreNotFoundException(EpithreErrorDetails details) {
		super(details);
	}

}
