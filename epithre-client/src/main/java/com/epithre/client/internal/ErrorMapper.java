package com.epithre.client.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreAuthenticationException;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreErrorDetails;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreNotFoundException;
import com.epithre.client.error.EpithrePermissionException;
import com.epithre.client.error.EpithreQuotaException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreRequestTooLargeException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreUnexpectedStatusException;
import com.epithre.client.error.EpithreUnprocessableException;

/**
 * The one place where error answers become typed exceptions: classified by {@code error.code} first, then by HTTP
 * status (docs/epithre-api.md, errors and known gaps (monthly cap)); bodies without an envelope keep a labelled
 * snippet of their text, and every error keeps the body itself, bounded (docs/errors-and-retries.md). A {@code code}
 * may be a string or a number; it keeps its text either way.
 */
final class ErrorMapper {

	/** The longest {@code Retry-After} read; longer ones are read as this. */
	static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

	static final int SNIPPET_LENGTH = 200;

	/** The label of a snippet of a body that is not JSON, e.g. a proxy's HTML page. */
	static final String NON_JSON = "non-JSON body: ";

	/** The label of a snippet of a JSON body without {@code "error"}. */
	static final String JSON_WITHOUT_ENVELOPE = "JSON body without an error envelope: ";

	/** Added to the message of an error that came as an event inside a {@code 200} stream. */
	static final String STREAM_EVENT = "error event in a 200 stream";

	private ErrorMapper() {
	}

	/**
	 * Map an HTTP error answer.
	 * @param status the HTTP status
	 * @param body the raw body (may be empty)
	 * @param requestId the {@code X-Request-ID} header
	 * @param retryAfter the {@code Retry-After} header
	 * @param keyPrefix the key prefix for the message
	 * @param operation method and path, e.g. {@code POST /chat/completions}
	 * @param json reads the envelope
	 * @return the typed exception, with the body (at most 16 KiB of it) as {@link EpithreApiException#getBody()}
	 */
	public static EpithreApiException fromResponse(int status, byte[] body, @Nullable String requestId,
			@Nullable String retryAfter, @Nullable String keyPrefix, String operation, JsonReader json) {
		ErrorEnvelope envelope = readJson(body, json);
		ErrorEnvelope.@Nullable Body error = (envelope != null) ? envelope.error() : null;
		String message;
		if (error != null) {
			message = (error.message() != null) ? text(error.message()) : "(no message)";
		}
		else {
			message = snippet((envelope != null) ? JSON_WITHOUT_ENVELOPE : NON_JSON, body);
		}
		String type = (error != null) ? error.type() : null;
		String code = (error != null) ? text(error.code()) : null;
		String param = (error != null) ? text(error.param()) : null;
		EpithreErrorDetails details = new EpithreErrorDetails(status, type, code, message, requestId,
				parseRetryAfter(retryAfter, Instant.now()), keyPrefix, operation,
				hint(status, code, operation, Instant.now()), param, boundedBody(body));
		return classify(details, status);
	}

	/**
	 * Map the envelope of an error event received inside a {@code 200} stream; the status used for classification
	 * is inferred from the envelope's {@code type}, then from its {@code code} (a number from 400 to 599 is taken as
	 * the status, a known code name as its documented status), and is 500 only when neither is known.
	 * @param error the parsed envelope
	 * @param requestId the stream's request id
	 * @param keyPrefix the key prefix for the message
	 * @param operation method and path
	 * @return the typed exception, whose message ends with {@value #STREAM_EVENT}
	 */
	static EpithreApiException fromStreamEvent(ErrorEnvelope.Body error, @Nullable String requestId,
			@Nullable String keyPrefix, String operation) {
		return fromStreamEvent(error, null, requestId, keyPrefix, operation);
	}

	/**
	 * Map the envelope of an error event received inside a {@code 200} stream, keeping the event's data as
	 * {@link EpithreApiException#getBody()}; see {@link #fromStreamEvent(ErrorEnvelope.Body, String, String, String)}.
	 * @param error the parsed envelope
	 * @param data the event's data, or {@code null}
	 * @param requestId the stream's request id
	 * @param keyPrefix the key prefix for the message
	 * @param operation method and path
	 * @return the typed exception
	 */
	static EpithreApiException fromStreamEvent(ErrorEnvelope.Body error, byte @Nullable [] data,
			@Nullable String requestId, @Nullable String keyPrefix, String operation) {
		String type = error.type();
		String code = text(error.code());
		String message = (error.message() != null) ? text(error.message()) : "(no message)";
		int status = inferStatus(type, code);
		EpithreErrorDetails details = new EpithreErrorDetails(status, type, code, message, requestId, null,
				keyPrefix, operation, streamHint(status, code, operation), text(error.param()),
				(data != null) ? boundedBody(data) : null);
		return classify(details, status);
	}

	/**
	 * Map an SSE {@code event: error} whose data is plain text rather than a JSON envelope. Nothing tells its
	 * status, so it is classified as a 500 (an {@link EpithreServerException}).
	 * @param data the event's data
	 * @param requestId the stream's request id
	 * @param keyPrefix the key prefix for the message
	 * @param operation method and path
	 * @return an {@link EpithreStreamErrorEventException} whose {@link EpithreStreamErrorEventException#getApiError()
	 * API error} has the text as its {@link EpithreApiException#getErrorMessage() error message} and as its body
	 */
	public static EpithreException fromPlainErrorEvent(String data, @Nullable String requestId,
			@Nullable String keyPrefix, String operation) {
		String text = data.strip();
		int status = 500;
		EpithreErrorDetails details = new EpithreErrorDetails(status, null, null,
				text.isEmpty() ? "(empty error event)" : text, requestId, null, keyPrefix, operation,
				streamHint(status, null, operation), null, boundedBody(data.getBytes(StandardCharsets.UTF_8)));
		return new EpithreStreamErrorEventException(classify(details, status));
	}

	private static String streamHint(int status, @Nullable String code, String operation) {
		String hint = hint(status, code, operation, Instant.now());
		return (hint != null) ? STREAM_EVENT + "; " + hint : STREAM_EVENT;
	}

	static @Nullable String hint(int status, @Nullable String code, String operation, Instant now) {
		if ("rpd_exceeded".equals(code)) {
			// docs/epithre-api.md, errors and limits and timeouts: the per-key daily quota resets at 00:00 UTC
			Instant midnight = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC)
				.toInstant();
			return "the daily request quota resets at the next UTC midnight, " + midnight
					+ "; retrying before then cannot succeed";
		}
		if (status == 413 && operation.contains("/chat/completions")) {
			// docs/epithre-api.md, known gaps (chat images and the body limit): chat allows 20 MB images but the body
			// limit is 1 MB
			return "chat bodies are limited to 1 MB although images up to 20 MB are documented; send smaller or "
					+ "fewer images";
		}
		return null;
	}

	static EpithreApiException classify(EpithreErrorDetails details, int status) {
		// only codes whose reaction differs from their status's row decide the type; model_not_found on a
		// 404 stays a not-found

		String code = (details.code() != null) ? details.code().toLowerCase(Locale.ROOT) : "";
		switch (code) {
			case "insufficient_quota", "monthly_cap_exceeded":
				return new EpithreQuotaException(details);
			case "rpm_exceeded", "rpd_exceeded", "concurrency_exceeded", "backend_busy":
				return new EpithreRateLimitException(details);
			default:
				break;
		}
		return switch (status) {
			case 400 -> new EpithreBadRequestException(details);
			case 401 -> new EpithreAuthenticationException(details);
			case 402 -> new EpithreQuotaException(details);
			case 403 -> new EpithrePermissionException(details);
			case 404 -> new EpithreNotFoundException(details);
			case 413 -> new EpithreRequestTooLargeException(details);
			case 422 -> new EpithreUnprocessableException(details);
			case 429 -> new EpithreRateLimitException(details);
			default -> (status >= 500 && status <= 599) ? new EpithreServerException(details)
					: new EpithreUnexpectedStatusException(details);
		};
	}

	static ErrorEnvelope.@Nullable Body readEnvelope(byte[] body, JsonReader json) {
		ErrorEnvelope envelope = readJson(body, json);
		return (envelope != null) ? envelope.error() : null;
	}

	/** Read a JSON object body; {@code null} when it is empty, not JSON or malformed. */
	private static @Nullable ErrorEnvelope readJson(byte[] body, JsonReader json) {
		if (body.length == 0 || !looksLikeJson(body)) {
			return null;
		}
		try {
			return json.read(body, ErrorEnvelope.class);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Return an envelope member as text: a string as it is, a number (e.g. {@code "code": 400}) or anything else by
	 * its text.
	 */
	static @Nullable String text(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		return String.valueOf(value);
	}

	/** Return the body as text, verbatim up to {@link EpithreErrorDetails#MAX_BODY_BYTES}, never splitting a character. */
	static String boundedBody(byte[] body) {
		int end = body.length;
		if (end > EpithreErrorDetails.MAX_BODY_BYTES) {
			end = EpithreErrorDetails.MAX_BODY_BYTES;
			while (end > 0 && (body[end] & 0xC0) == 0x80) {
				end--; // body[end] continues a UTF-8 sequence: cut before the sequence starts
			}
		}
		return new String(body, 0, end, StandardCharsets.UTF_8);
	}

	/**
	 * Read a {@code Retry-After} header: seconds or an HTTP date; a negative or unreadable one is none, a past date is
	 * zero, and anything over a day, however large, is a day (the retry policy cuts it further, to
	 * {@code maxRetryAfter}).
	 */
	static @Nullable Duration parseRetryAfter(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		if (trimmed.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			// more digits than a long holds is still "later than a day"
			return (trimmed.length() > 18) ? MAX_RETRY_AFTER : min(Duration.ofSeconds(Long.parseLong(trimmed)));
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration delay = Duration.between(now, at);
			return delay.isNegative() ? Duration.ZERO : min(delay);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static Duration min(Duration delay) {
		return (delay.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : delay;
	}

	static int inferStatus(@Nullable String type, @Nullable String code) {
		// a documented code names its row of the error table, a type only its group (invalid_request_error is a 400,
		// a 404 or a 422 by its code); a numeric code is the status itself, but a known type wins over it. A code
		// that is a number or a type is read last, as a type.
		int status = statusOfCode(code);
		if (status == 0) {
			status = statusOfType(type);
		}
		if (status == 0) {
			status = statusOfType(code);
		}
		return (status != 0) ? status : 500;
	}

	/** The status a documented code stands for (docs/epithre-api.md, errors), or 0 when it does not tell one. */
	private static int statusOfCode(@Nullable String code) {
		return switch (key(code)) {
			case "model_not_found", "tos_required", "content_policy_violation" -> 400;
			case "authentication_error" -> 401;
			case "insufficient_quota", "monthly_cap_exceeded" -> 402;
			case "permission_error", "account_suspended" -> 403;
			case "not_found" -> 404;
			case "request_too_large" -> 413;
			case "invalid_request_error" -> 422;
			case "rpm_exceeded", "rpd_exceeded", "concurrency_exceeded", "backend_busy" -> 429;
			case "backend_unavailable" -> 503;
			case "backend_timeout" -> 504;
			// email_not_verified is a 400 or a 403 and backend_error a 500 or a 502: their type tells
			default -> 0;
		};
	}

	/** The status a type stands for, or 0 when it is not known; a type may also be a number or a code. */
	private static int statusOfType(@Nullable String type) {
		int status = switch (key(type)) {
			case "invalid_request_error", "email_not_verified" -> 400;
			case "rate_limit_error" -> 429;
			default -> number(type);
		};
		return (status != 0) ? status : statusOfCode(type);
	}

	/** A status from 400 to 599 written as a number, else 0. */
	private static int number(@Nullable String name) {
		String key = key(name);
		if (key.length() == 3 && key.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			int number = Integer.parseInt(key);
			return (number >= 400 && number <= 599) ? number : 0;
		}
		return 0;
	}

	private static String key(@Nullable String name) {
		return (name != null) ? name.strip().toLowerCase(Locale.ROOT) : "";
	}

	private static boolean looksLikeJson(byte[] body) {
		for (byte b : body) {
			if (b == '{') {
				return true;
			}
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				return false;
			}
		}
		return false;
	}

	/**
	 * Return a snippet of a body labelled as not JSON, as the stream reader quotes an event or an unexpected body.
	 * @param body the body
	 * @return {@code (empty body)} or {@code non-JSON body: } and the start of the text
	 */
	static String snippet(byte[] body) {
		return snippet(NON_JSON, body);
	}

	/**
	 * Return a labelled snippet of a body.
	 * @param label {@link #NON_JSON} or {@link #JSON_WITHOUT_ENVELOPE}
	 * @param body the body
	 * @return {@code (empty body)} or the label and the start of the text
	 */
	static String snippet(String label, byte[] body) {
		if (body.length == 0) {
			return "(empty body)";
		}
		String text = new String(body, 0, Math.min(body.length, SNIPPET_LENGTH * 4), StandardCharsets.UTF_8)
			.replaceAll("\\s+", " ")
			.strip();
		return (text.length() > SNIPPET_LENGTH) ? label + text.substring(0, SNIPPET_LENGTH) + "..." : label + text;
	}

}
