package com.epithre.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP error answer from Epithre, built from the status, the error envelope
 * ({@code {"error":{"message","type","code"}}}, docs/epithre-api.md, errors) and the response headers.
 *
 * @since 0.1.0
 */
public class EpithreApiException extends EpithreException {

	private static final long serialVersionUID = 1L;

	private final int statusCode;

	private final @Nullable String type;

	private final @Nullable String code;

	private final String errorMessage;

	private final @Nullable Duration retryAfter;

	public EpithreApiException(EpithreErrorDetails details) {
		super(details.describe(), details.requestId(), null);
		this.statusCode = details.statusCode();
		this.type = details.type();
		this.code = details.code();
		this.errorMessage = details.message();
		this.retryAfter = details.retryAfter();
	}

	/**
	 * Return the HTTP status code.
	 * @return the status code
	 */
	public int getStatusCode() {
		return this.statusCode;
	}

	/**
	 * Return the error {@code type} of the envelope, e.g. {@code rate_limit_error}.
	 * @return the type or {@code null} when the body had no envelope
	 */
	public @Nullable String getType() {
		return this.type;
	}

	/**
	 * Return the error {@code code} of the envelope, e.g. {@code rpm_exceeded}.
	 * @return the code or {@code null} when the body had no envelope
	 */
	public @Nullable String getCode() {
		return this.code;
	}

	/**
	 * Return the server's human-readable message, or a snippet of a non-JSON body.
	 * @return the message as sent by the server
	 */
	public String getErrorMessage() {
		return this.errorMessage;
	}

	/**
	 * Return the delay asked for by a {@code Retry-After} header, when present.
	 * @return the delay or {@code null}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Return whether the API's guidance (docs/epithre-api.md, errors) allows sending the same request again.
	 * @return whether a retry may succeed
	 */
	public boolean isRetryable() {
		return false;
	}

}
