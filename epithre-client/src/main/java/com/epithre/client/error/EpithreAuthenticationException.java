package com.epithre.client.error;

/**
 * HTTP 401: the API key is missing, malformed or revoked (docs/epithre-api.md, authentication); never retried.
 *
 * @since 0.1.0
 */
public class EpithreAuthenticationException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	public EpithreAuthenticationException(EpithreErrorDetails details) {
		super(details);
	}

}
