package com.epithre.client.error;

/**
 * HTTP 403: the account is suspended or unverified, or the endpoint needs admin rights; never retried.
 *
 * @since 0.1.0
 */
public class EpithrePermissionException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	public EpithrePermissionException(EpithreErrorDetails details) {
		super(details);
	}

}
