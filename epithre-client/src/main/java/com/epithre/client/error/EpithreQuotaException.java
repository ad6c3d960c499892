package com.epithre.client.error;

/**
 * The account or key is out of money: {@code insufficient_quota} or {@code monthly_cap_exceeded}, whether sent as 402
 * or 429 (docs/epithre-api.md, known gaps (monthly cap)); never retried.
 *
 * @since 0.1.0
 */
public class EpithreQuotaException extends EpithreApiException {

	private static final long serialVersionUID = 1L;

	public EpithreQuotaException(EpithreErrorDetails details) {
		super(details);
	}

}
