package com.epithre.client.error;

/**
 * HTTP 400: the request was invalid, including {@code model_not_found} and {@code content_policy_violation}; never retried.
 *
 * @since 0.1.0
 */
public class EpithreBadRequestException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	public EpithreBadRequestException(EpithreErrorDetails details) {
		super(details);
	}

}
