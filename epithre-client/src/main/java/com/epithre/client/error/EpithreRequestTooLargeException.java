package com.epithre.client.error;

/**
 * HTTP 413: the request body is over the endpoint's limit (1 MB for chat, docs/epithre-api.md, limits and timeouts and
 * known gaps (chat images and the body limit)); never retried.
 *
 * @since 0.1.0
 */
public class EpithreRequestTooLargeException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	public EpithreRequestTooLargeException(EpithreErrorDetails details) {
		super(details);
	}

}
