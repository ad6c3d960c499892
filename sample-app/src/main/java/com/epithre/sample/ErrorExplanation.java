package com.epithre.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreAuthenticationException;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreBulkheadFullException;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithrePermissionException;
import com.epithre.client.error.EpithreQuotaException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreRequestTooLargeException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamException;
import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTransportException;

/**
 * What an Epithre failure means to the person in front of the page: a kind in plain words, the HTTP status and code,
 * the request id to quote in a bug report, and what to do. Exception class names and messages stay in the logs.
 *
 * @param kind what went wrong, in plain words
 * @param status the HTTP status, 0 when no answer came
 * @param code Epithre's error code, or {@code null}
 * @param requestId the request id, or {@code null}
 * @param advice what to do about it
 */
record ErrorExplanation(String kind, int status, @Nullable String code, @Nullable String requestId, String advice) {

	static ErrorExplanation of(EpithreException ex) {
		// an error event inside a stream carries the same typed error as a status would have
		EpithreException error = (ex instanceof EpithreStreamErrorEventException event) ? event.getApiError() : ex;
		String requestId = (ex.getRequestId() != null) ? ex.getRequestId() : error.getRequestId();
		boolean midStream = ex instanceof EpithreStreamErrorEventException;
		if (error instanceof EpithreApiException api) {
			KindAdvice meaning = explain(api, midStream);
			return new ErrorExplanation(meaning.kind(), api.getStatusCode(), api.getCode(), requestId,
					meaning.advice());
		}
		if (error instanceof EpithreTimeoutException) {
			return new ErrorExplanation("Epithre took too long to answer", 0, null, requestId,
					"Ask for a shorter answer, or raise epithre.response-timeout. Long answers are better streamed.");
		}
		if (error instanceof EpithreBulkheadFullException) {
			return new ErrorExplanation("Too many questions waiting", 0, null, requestId,
					"Every permit of the API key was in use for too long, so nothing was sent. Try again shortly.");
		}
		if (error instanceof EpithreStreamException) {
			return new ErrorExplanation("The answer was cut off", 0, null, requestId,
					"The connection ended before the answer was complete. Ask again.");
		}
		if (error instanceof EpithreTransportException) {
			return new ErrorExplanation("Epithre could not be reached", 0, null, requestId,
					"Check the network and epithre.base-url, then try again.");
		}
		return new ErrorExplanation("Something went wrong", 0, null, requestId,
				"Try again; if it happens again, the application's log has the details.");
	}

	private static KindAdvice explain(EpithreApiException api, boolean midStream) {
		if (api instanceof EpithreRateLimitException rateLimit) {
			return switch (rateLimit.getReason()) {
				case RPD -> new KindAdvice("Daily quota used up",
						"The API key has made its requests for today. The quota resets at 00:00 UTC; until then use "
								+ "another key. The client does not retry this.");
				case RPM -> new KindAdvice("Too many requests this minute",
						"The client already waited and retried. Slow down, or ask Epithre for a larger tier.");
				case CONCURRENCY -> new KindAdvice("Too many requests at once",
						"Lower epithre.concurrency.max-in-flight to the key's cap, or share the limit between "
								+ "instances with epithre.coordination.mode=redis.");
				case BACKEND_BUSY -> new KindAdvice("Epithre is busy",
						(midStream ? "The words above arrived before Epithre's shared pool ran full; they are kept. "
								: "Epithre's shared pool is full; this is not your key's limit. ")
								+ "Ask again in a few seconds: the client holds every call to this model back for "
								+ "a few seconds first, so the next answer starts late.");
				default -> new KindAdvice("Rate limited", "Wait a little and try again.");
			};
		}
		if (api instanceof EpithreAuthenticationException) {
			return new KindAdvice("API key rejected",
					"Check EPITHRE_API_KEY: no spaces or newline around it, not revoked in the dashboard.");
		}
		if (api instanceof EpithreQuotaException) {
			return new KindAdvice("Out of credit",
					"Top up the account, or raise the key's monthly spending cap in the dashboard.");
		}
		if (api instanceof EpithrePermissionException) {
			return new KindAdvice("Not allowed", "The account is suspended, unverified, or lacks this permission.");
		}
		if (api instanceof EpithreRequestTooLargeException) {
			return new KindAdvice("Question too large", "Shorten the question or send smaller images.");
		}
		if (api instanceof EpithreBadRequestException) {
			return new KindAdvice("Epithre refused the request", "Check the model name and the question.");
		}
		if (api instanceof EpithreServerException) {
			return new KindAdvice("Epithre had a problem",
					"The client already retried. Try again later; if it persists, report the request id to Epithre.");
		}
		return new KindAdvice("Epithre answered with an error", "Try again; report the request id if it persists.");
	}

	Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("kind", this.kind);
		if (this.status > 0) {
			map.put("status", this.status);
		}
		if (this.code != null) {
			map.put("code", this.code);
		}
		if (this.requestId != null) {
			map.put("requestId", this.requestId);
		}
		map.put("advice", this.advice);
		return map;
	}

	/**
	 * A kind and its advice.
	 */
	private record KindAdvice(String kind, String advice) {
	}

}
