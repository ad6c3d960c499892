package com.epithre.client.error;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What an error answer from Epithre said, as needed for a bug report (docs/epithre-api.md, request ids and bug
 * reports).
 *
 * @param statusCode the HTTP status
 * @param type the envelope's {@code type}, if any
 * @param code the envelope's {@code code}, if any
 * @param message the envelope's message, or a labelled snippet of a body without an envelope
 * @param requestId the {@code X-Request-ID} header, if any
 * @param retryAfter the {@code Retry-After} delay, if any
 * @param keyPrefix the first characters of the API key used (never the whole key), if any
 * @param operation the method and path of the call, e.g. {@code POST /chat/completions}
 * @param hint the client's advice on what to do, if any
 * @param param the envelope's {@code param}, the request field the error is about, if any
 * @param body the raw response body as text, at most {@link #MAX_BODY_BYTES} bytes of it, or the data of a stream's
 * error event; {@code null} when there was none
 * @since 0.1.0
 */
public record EpithreErrorDetails(int statusCode, @Nullable String type, @Nullable String code, String message,
		@Nullable String requestId, @Nullable Duration retryAfter, @Nullable String keyPrefix, String operation,
		@Nullable String hint, @Nullable String param, @Nullable String body) {

	/** The most bytes of a response body kept in {@link #body()}: 16 KiB. */
	public static final int MAX_BODY_BYTES = 16 * 1024;

	/** An Epithre API key: its first 12 characters are kept, the rest is cut. */
	private static final Pattern API_KEY = Pattern.compile("(esk_(?:live|test)_[A-Za-z0-9]{3})[A-Za-z0-9_-]+");

	/**
	 * Keep what the server said, but of any API key it echoed (such as "Incorrect API key provided: ...") only the
	 * first 12 characters, as everywhere else.
	 */
	public EpithreErrorDetails {
		message = redactKeys(message);
		body = (body != null) ? redactKeys(body) : null;
	}

	/**
	 * Create details without {@code param} and body.
	 * @param statusCode the HTTP status
	 * @param type the envelope's {@code type}
	 * @param code the envelope's {@code code}
	 * @param message the envelope's message, or a snippet of the body
	 * @param requestId the {@code X-Request-ID} header
	 * @param retryAfter the {@code Retry-After} delay
	 * @param keyPrefix the first characters of the API key used
	 * @param operation the method and path of the call
	 * @param hint the client's advice
	 */
	public EpithreErrorDetails(int statusCode, @Nullable String type, @Nullable String code, String message,
			@Nullable String requestId, @Nullable Duration retryAfter, @Nullable String keyPrefix, String operation,
			@Nullable String hint) {
		this(statusCode, type, code, message, requestId, retryAfter, keyPrefix, operation, hint, null, null);
	}

	/**
	 * Return a one-line description naming everything Epithre asks for in a bug report.
	 * @return the description
	 */
	public String describe() {
		StringBuilder text = new StringBuilder("Epithre ").append(this.operation).append(" failed: HTTP ")
			.append(this.statusCode);
		if (this.code != null) {
			text.append(' ').append(this.code);
		}
		if (this.type != null && !this.type.equals(this.code)) {
			text.append(" (").append(this.type).append(')');
		}
		text.append(": ").append(this.message);
		if (this.param != null) {
			text.append(" [param ").append(this.param).append(']');
		}
		if (this.hint != null) {
			text.append(" (").append(this.hint).append(')');
		}
		if (this.retryAfter != null) {
			text.append(" [retry after ")
				.append((this.retryAfter.getSeconds() < Long.MAX_VALUE / 1000) ? this.retryAfter.toMillis() : Long.MAX_VALUE)
				.append(" ms]");
		}
		text.append(" [request id ").append((this.requestId != null) ? this.requestId : "none").append(']');
		if (this.keyPrefix != null) {
			text.append(" [key ").append(this.keyPrefix).append("...]");
		}
		return text.toString();
	}

	private static String redactKeys(String text) {
		return (text.contains("esk_")) ? API_KEY.matcher(text).replaceAll("$1...") : text;
	}

}
