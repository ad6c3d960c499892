package com.epithre.client.resilience;

/**
 * Carries a failure the policy decided to retry, with the chosen wait, through Resilience4j's retry; never leaves
 * this package.
 */
final class RetryableFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final long delayMillis;

	private final String cause;

	RetryableFailure(Throwable failure, long delayMillis, String cause) {
		super(failure.getMessage(), failure, false, false);
		this.delayMillis = delayMillis;
		this.cause = cause;
	}

	long delayMillis() {
		return this.delayMillis;
	}

	String retryCause() {
		return this.cause;
	}

}
