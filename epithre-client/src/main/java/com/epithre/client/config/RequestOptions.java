package com.epithre.client.config;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * Per-call overrides of the client's settings; a {@code null} component keeps the client's setting. Give them to one
 * call (every service method has an overload taking them) or to every call of a derived client
 * ({@code EpithreClient#withOptions}).
 * <p>
 * Another API key ({@link #withApiKey(String)}) sends the call with that key: the call then waits for that key's own
 * concurrency limiter (its own cap at Epithre, coordinated through Redis when the client uses Redis), and errors,
 * logs and metrics show only the key's first 12 characters. Extra headers ({@link #withHeader(String, String...)})
 * are added to the request as they are, after the client's own; {@code Authorization} is refused there, since the key
 * decides the limiter, and so are names that are not HTTP tokens and values with a line break. A duration over 100
 * years, such as {@code Duration.ofMillis(Long.MAX_VALUE)} for no limit, is read as 100 years.
 *
 * @param responseTimeout the longest wait for the response (a stream's first event) to start
 * @param streamIdleTimeout the longest gap between two events of a stream
 * @param totalTimeout the deadline of the whole call
 * @param retry the retry policy for this call, e.g. {@link RetryPolicy#disabled()}
 * @param apiKey the API key to send this call with instead of the client's
 * @param headers extra request headers, by case-insensitive name
 * @since 0.1.0
 */
public record RequestOptions(@Nullable Duration responseTimeout, @Nullable Duration streamIdleTimeout,
		@Nullable Duration totalTimeout, @Nullable RetryPolicy retry, @Nullable String apiKey,
		Map<String, List<String>> headers) {

	private static final RequestOptions NONE = new RequestOptions(null, null, null, null, null, Map.of());

	public RequestOptions {
		Assert.isTrue(Durations.isNullOrPositive(responseTimeout), "responseTimeout must be positive");
		Assert.isTrue(Durations.isNullOrPositive(streamIdleTimeout), "streamIdleTimeout must be positive");
		Assert.isTrue(Durations.isNullOrPositive(totalTimeout), "totalTimeout must be positive");
		responseTimeout = Durations.cappedOrNull(responseTimeout);
		streamIdleTimeout = Durations.cappedOrNull(streamIdleTimeout);
		totalTimeout = Durations.cappedOrNull(totalTimeout);
		Assert.notNull(headers, "headers must not be null");
		apiKey = ApiKeys.normalize(apiKey);
		headers = copy(headers);
	}

	/**
	 * Return options that override nothing.
	 * @return the empty options
	 */
	public static RequestOptions none() {
		return NONE;
	}

	public RequestOptions withResponseTimeout(@Nullable Duration responseTimeout) {
		return new RequestOptions(responseTimeout, this.streamIdleTimeout, this.totalTimeout, this.retry, this.apiKey,
				this.headers);
	}

	public RequestOptions withStreamIdleTimeout(@Nullable Duration streamIdleTimeout) {
		return new RequestOptions(this.responseTimeout, streamIdleTimeout, this.totalTimeout, this.retry, this.apiKey,
				this.headers);
	}

	public RequestOptions withTotalTimeout(@Nullable Duration totalTimeout) {
		return new RequestOptions(this.responseTimeout, this.streamIdleTimeout, totalTimeout, this.retry, this.apiKey,
				this.headers);
	}

	public RequestOptions withRetry(@Nullable RetryPolicy retry) {
		return new RequestOptions(this.responseTimeout, this.streamIdleTimeout, this.totalTimeout, retry, this.apiKey,
				this.headers);
	}

	/**
	 * Return options that send the call once, whatever fails.
	 * @return the options
	 */
	public RequestOptions withoutRetry() {
		return withRetry(RetryPolicy.disabled());
	}

	/**
	 * Return options that send the call with another API key, for example a tenant's own key. The call is limited by
	 * that key's concurrency cap, not the client's.
	 * @param apiKey the key, or {@code null} for the client's
	 * @return the options
	 * @throws IllegalArgumentException when the key contains whitespace inside
	 */
	public RequestOptions withApiKey(@Nullable String apiKey) {
		return new RequestOptions(this.responseTimeout, this.streamIdleTimeout, this.totalTimeout, this.retry, apiKey,
				this.headers);
	}

	/**
	 * Return options that add a request header (a trace, tenant or routing header), replacing earlier values of the
	 * same name.
	 * @param name the header name
	 * @param values its values
	 * @return the options
	 * @throws IllegalArgumentException for {@code Authorization} (use {@link #withApiKey(String)}) or no values
	 */
	public RequestOptions withHeader(String name, String... values) {
		Assert.hasText(name, "header name must not be empty");
		Assert.isTrue(values.length > 0, () -> "header " + name + " needs at least one value");
		Map<String, List<String>> headers = new LinkedCaseInsensitiveMap<>();
		headers.putAll(this.headers);
		headers.put(name, List.of(values));
		return new RequestOptions(this.responseTimeout, this.streamIdleTimeout, this.totalTimeout, this.retry,
				this.apiKey, headers);
	}

	/**
	 * Return these options with each unset component, and each header not set here, taken from the given defaults.
	 * @param defaults the options to fall back to
	 * @return the combined options
	 */
	public RequestOptions withDefaults(RequestOptions defaults) {
		Assert.notNull(defaults, "defaults must not be null");
		if (defaults == NONE) {
			return this;
		}
		if (this == NONE) {
			return defaults;
		}
		Map<String, List<String>> headers = new LinkedCaseInsensitiveMap<>();
		headers.putAll(defaults.headers);
		headers.putAll(this.headers);
		return new RequestOptions(or(this.responseTimeout, defaults.responseTimeout),
				or(this.streamIdleTimeout, defaults.streamIdleTimeout), or(this.totalTimeout, defaults.totalTimeout),
				or(this.retry, defaults.retry), or(this.apiKey, defaults.apiKey), headers);
	}

	@Override
	public String toString() {
		return "RequestOptions[responseTimeout=" + this.responseTimeout + ", streamIdleTimeout="
				+ this.streamIdleTimeout + ", totalTimeout=" + this.totalTimeout + ", retry=" + this.retry + ", apiKey="
				+ ((this.apiKey != null) ? ApiKeys.prefix(this.apiKey) + "..." : "none") + ", headers="
				+ this.headers.keySet() + "]";
	}

	private static <T> @Nullable T or(@Nullable T value, @Nullable T fallback) {
		return (value != null) ? value : fallback;
	}

	/** Whether a character may appear in a header name (RFC 9110 {@code tchar}). */
	private static boolean isTokenChar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

	private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
		if (headers.isEmpty()) {
			return Map.of();
		}
		LinkedCaseInsensitiveMap<List<String>> copy = new LinkedCaseInsensitiveMap<>(headers.size());
		headers.forEach((name, values) -> {
			Assert.hasText(name, "header name must not be empty");
			Assert.isTrue(!"authorization".equalsIgnoreCase(name),
					"the Authorization header is set by the client: give another key with withApiKey(...) instead");
			Assert.isTrue(values != null && !values.isEmpty(), () -> "header " + name + " needs at least one value");
			Assert.isTrue(name.chars().allMatch(RequestOptions::isTokenChar),
					() -> "header name '" + name + "' is not a valid HTTP header name");
			for (String value : values) {
				// a line break would end the header: refused here rather than by the connection after it opened
				Assert.isTrue(value != null && value.indexOf('\r') < 0 && value.indexOf('\n') < 0,
						() -> "header " + name + " has a null value or one with a line break (CR or LF)");
			}
			copy.put(name, List.copyOf(values));
		});
		return Collections.unmodifiableMap(copy);
	}

}
