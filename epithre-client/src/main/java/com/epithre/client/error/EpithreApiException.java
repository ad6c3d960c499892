package com.epithre.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP error answer from Epithre, built from the status, the error envelope
 * ({@code {"error":{"message","type","code","param"}}}, docs/epithre-api.md, errors) and the response headers; see
 * docs/errors-and-retries.md.
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

	private final @Nullable String param;

	private final @Nullable String body;

	public EpithreApiException(EpithreErrorDetails details) {
		super(details.describe(), details.requestId(), null);
		this.statusCode = details.statusCode();
		this.type = details.type();
		this.code = details.code();
		this.errorMessage = details.message();
		this.retryAfter = details.retryAfter();
		this.param = details.param();
		this.body = details.body();
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
	 * Return the error {@code param} of the envelope: the request field the error is about, e.g. {@code temperature}.
	 * @return the param or {@code null} when the envelope named none
	 */
	public @Nullable String getParam() {
		return this.param;
	}

	/**
	 * Return the raw response body as text, verbatim but cut after
	 * {@link EpithreErrorDetails#MAX_BODY_BYTES} bytes (16 KiB); for an error event inside a stream, the event's data.
	 * @return the body, empty for an empty body, or {@code null} when there was none
	 */
	public @Nullable String getBody() {
		return this.body;
	}

	/**
	 * Return the server's human-readable message, or a labelled snippet of a body without an error envelope
	 * ({@code JSON body without an error envelope: ...} or {@code non-JSON body: ...}).
	 * @return the message as sent by the server
	 */
	public String getErrorMessage() {
		return this.errorMessage;
	}

	/**
	 * Return the delay asked for by a {@code Retry-After} header, when present: seconds or an HTTP date, a past date
	 * as zero, and anything over a day as a day.
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
