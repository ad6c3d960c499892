package com.epithre.client.internal;

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
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreAuthenticationException;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreErrorDetails;
import com.epithre.client.error.EpithreNotFoundException;
import com.epithre.client.error.EpithrePermissionException;
import com.epithre.client.error.EpithreQuotaException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreRequestTooLargeException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreUnexpectedStatusException;
import com.epithre.client.error.EpithreUnprocessableException;

/**
 * The one place where error answers become typed exceptions: classified by {@code error.code} first, then by HTTP
 * status (docs/epithre-api.md, errors and known gaps (monthly cap)); non-JSON bodies keep a snippet of their text.
 */
public final class ErrorMapper {

	static final int SNIPPET_LENGTH = 200;

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
	 * @return the typed exception
	 */
	public static EpithreApiException fromResponse(int status, byte[] body, @Nullable String requestId,
			@Nullable String retryAfter, @Nullable String keyPrefix, String operation, JsonReader json) {
		ErrorEnvelope.@Nullable Body error = readEnvelope(body, json);
		String message;
		if (error != null) {
			message = (error.message() != null) ? String.valueOf(error.message()) : "(no message)";
		}
		else {
			message = snippet(body);
		}
		String hint = hint(status, (error != null && error.code() != null) ? String.valueOf(error.code()) : null,
				operation, Instant.now());
		String type = (error != null) ? error.type() : null;
		String code = (error != null && error.code() != null) ? String.valueOf(error.code()) : null;
		EpithreErrorDetails details = new EpithreErrorDetails(status, type, code, message, requestId,
				parseRetryAfter(retryAfter, Instant.now()), keyPrefix, operation, hint);
		return classify(details, status);
	}

	/**
	 * Map the envelope of an error event received inside a {@code 200} stream; the status used for classification
	 * is inferred from the envelope's code and type.
	 * @param error the parsed envelope
	 * @param requestId the stream's request id
	 * @param keyPrefix the key prefix for the message
	 * @param operation method and path
	 * @return the typed exception
	 */
	static EpithreApiException fromStreamEvent(ErrorEnvelope.Body error, @Nullable String requestId,
			@Nullable String keyPrefix, String operation) {
		String type = error.type();
		String code = (error.code() != null) ? String.valueOf(error.code()) : null;
		String message = (error.message() != null) ? String.valueOf(error.message()) : "(no message)";
		int status = inferStatus(type, code);
		EpithreErrorDetails details = new EpithreErrorDetails(status, type, code, message + " (error event in stream)",
				requestId, null, keyPrefix, operation, null);
		return classify(details, status);
	}

	/**
	 * Map an {@code event: error} whose data is plain text rather than an error envelope.
	 * @param data the event's data
	 * @param requestId the stream's request id
	 * @param keyPrefix the key prefix for the message
	 * @param operation method and path
	 * @return the typed exception
	 */
	static EpithreException fromPlainErrorEvent(String data, @Nullable String requestId, @Nullable String keyPrefix,
			String operation) {
		String message = data.isBlank() ? "(no message)" : data.strip();
		return new EpithreStreamErrorEventException(
				fromStreamEvent(new ErrorEnvelope.Body(message, null, null, null), requestId, keyPrefix, operation));
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
		if (body.length == 0 || !looksLikeJson(body)) {
			return null;
		}
		try {
			return json.read(body, ErrorEnvelope.class).error();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	static @Nullable Duration parseRetryAfter(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		try {
			long seconds = Long.parseLong(trimmed);
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			// HTTP-date form
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration delay = Duration.between(now, at);
			return delay.isNegative() ? Duration.ZERO : delay;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static int inferStatus(@Nullable String type, @Nullable String code) {
		String key = (type != null) ? type : (code != null) ? code : "";
		return switch (key) {
			case "invalid_request_error" -> 400;
			case "authentication_error" -> 401;
			case "insufficient_quota" -> 402;
			case "permission_error" -> 403;
			case "request_too_large" -> 413;
			case "rate_limit_error" -> 429;
			case "backend_unavailable" -> 503;
			case "backend_timeout" -> 504;
			default -> 500;
		};
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

	static String snippet(byte[] body) {
		if (body.length == 0) {
			return "(empty body)";
		}
		String text = new String(body, 0, Math.min(body.length, SNIPPET_LENGTH * 4), StandardCharsets.UTF_8)
			.replaceAll("\\s+", " ")
			.strip();
		return (text.length() > SNIPPET_LENGTH) ? "non-JSON body: " + text.substring(0, SNIPPET_LENGTH) + "..."
				: "non-JSON body: " + text;
	}

}
