package com.epithre.client.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;

import com.epithre.client.config.ApiKeys;
import com.epithre.client.resilience.KeyConcurrencyLimiter;

/**
 * The API key a call is sent with and what follows from it: the key's limiter, the prefix shown in messages, and the
 * headers written on the outgoing request (the key and any extra headers of the call).
 * <p>
 * The headers are written on the {@code ClientHttpRequest} itself rather than on the request spec: a header set on
 * the spec gives every stream a header map of its own, held with the spec for as long as the stream lasts (0.7 KB of
 * the 12.1 KB an open stream held). Exchange filters therefore never see the key.
 *
 * @param keyPrefix the key's first 12 characters, or {@code null} without a key
 * @param limiter the key's concurrency limiter
 * @param request writes the key and extra headers on a request
 * @param streamRequest also asks for {@code text/event-stream}
 */
record CallTarget(@Nullable String keyPrefix, KeyConcurrencyLimiter limiter, Consumer<ClientHttpRequest> request,
		Consumer<ClientHttpRequest> streamRequest) {

	static CallTarget of(@Nullable String apiKey, Map<String, List<String>> headers, KeyConcurrencyLimiter limiter) {
		return new CallTarget((apiKey != null) ? ApiKeys.prefix(apiKey) : null, limiter,
				headerWriter(apiKey, headers, null), headerWriter(apiKey, headers, MediaType.TEXT_EVENT_STREAM_VALUE));
	}

	/** The same key and headers with another limiter (the key-free one of {@code /models}). */
	CallTarget withLimiter(KeyConcurrencyLimiter limiter) {
		return new CallTarget(this.keyPrefix, limiter, this.request, this.streamRequest);
	}

	private static Consumer<ClientHttpRequest> headerWriter(@Nullable String apiKey, Map<String, List<String>> extra,
			@Nullable String accept) {
		// names in lower case: HttpHeaders keys each name by its lower-case form, so a capitalized name costs a new
		// string on every request (header names are case-insensitive)
		String authorization = (apiKey != null) ? "Bearer " + apiKey : null;
		return (request) -> {
			HttpHeaders headers = request.getHeaders();
			extra.forEach(headers::put);
			if (authorization != null) {
				headers.set("authorization", authorization);
			}
			if (accept != null) {
				headers.set("accept", accept);
			}
		};
	}

}
