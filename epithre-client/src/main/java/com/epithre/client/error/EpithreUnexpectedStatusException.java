package com.epithre.client.error;

/**
 * An HTTP status that the API does not document.
 *
 * @since 0.1.0
 */
public class EpithreUnexpectedStatusException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	public EpithreUnexpectedStatusException(EpithreErrorDetails details) {
		super(details);
	}

}
