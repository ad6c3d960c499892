package com.epithre.client.error;

/**
 * A webhook delivery failed signature verification (docs/epithre-api.md, webhooks): the {@code Epithre-Signature}
 * header is
 * missing or malformed, its timestamp is outside the tolerance, or no {@code v1} matches a secret. The message never
 * contains a secret.
 *
 * @since 0.1.0
 */
public class EpithreWebhookSignatureException extends EpithreException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	public EpithreWebhookSignatureException(Reason reason, String message) {
		super(message, null, null);
		this.reason = reason;
	}

	/**
	 * Return why the delivery was rejected.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why a signature was rejected.
	 *
	 * @since 0.1.0
	 */
	public enum Reason {

		/** No {@code Epithre-Signature} header. */
		MISSING,

		/** The header has no readable {@code t} or no {@code v1}. */
		MALFORMED,

		/** The timestamp is further from now than the tolerance, in either direction. */
		STALE,

		/** No {@code v1} matches any secret. */
		FORGED

	}

}
