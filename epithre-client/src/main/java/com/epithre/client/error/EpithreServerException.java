package com.epithre.client.error;

/**
 * HTTP 5xx: Epithre or a proxy in front of it failed ({@code backend_error}, {@code backend_unavailable}, {@code backend_timeout}).
 *
 * @since 0.1.0
 */
public class EpithreServerException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	public EpithreServerException(EpithreErrorDetails details) {
		super(details);
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
