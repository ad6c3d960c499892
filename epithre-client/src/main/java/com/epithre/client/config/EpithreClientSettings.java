package com.epithre.client.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Settings of an {@code EpithreClient}; immutable, changed with the {@code withX} methods. Its {@link #toString()}
 * shows the API key's prefix only.
 * A duration over 100 years, such as {@code Duration.ofMillis(Long.MAX_VALUE)} for no limit, is read as 100 years.
 *
 * @param baseUrl the API root, {@code https://api.epithre.com/v1} by default
 * @param apiKey the API key ({@code esk_live_...} or {@code esk_test_...}), or {@code null} for the public endpoints only
 * @param userAgent the {@code User-Agent} header sent with every request
 * @param responseTimeout the longest wait for a response to start (the first event of a stream)
 * @param streamIdleTimeout the longest gap between two events of a stream
 * @param totalTimeout the deadline of a whole call, or {@code null} for none
 * @param includeUsage whether streams ask for the final usage chunk ({@code stream_options.include_usage})
 * @param maxEventSize the largest single event a stream may send; a larger one fails the stream with
 * {@link com.epithre.client.error.EpithreStreamEventTooLargeException} instead of growing memory without bound
 * @param retry when and how failed calls are retried
 * @param concurrency the per-key concurrency limit
 * @since 0.1.0
 */
public record EpithreClientSettings(String baseUrl, @Nullable String apiKey, String userAgent,
		Duration responseTimeout, Duration streamIdleTimeout, @Nullable Duration totalTimeout, boolean includeUsage,
		DataSize maxEventSize, RetryPolicy retry, ConcurrencyPolicy concurrency) {

	/** Production API root (docs/epithre-api.md, overview). */
	public static final String DEFAULT_BASE_URL = "https://api.epithre.com/v1";

	/** Default {@code User-Agent}. */
	public static final String DEFAULT_USER_AGENT = "epithre-spring-boot/0.1.0";

	/**
	 * Default response timeout: omni may queue a request for 45 s (docs/epithre-api.md, limits and timeouts) and a
	 * long non-streamed answer
	 * takes 80-130 s more, so anything shorter cuts off legitimate answers.
	 */
	public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(180);

	/** Default stream idle timeout: at 30-50 tokens/s a healthy stream is never silent this long. */
	public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Default maximum event size, 4 MiB. A chunk of a healthy stream carries a few tokens, a tool-call arguments
	 * fragment or the usage counts, well under a kilobyte (docs/epithre-api.md, streaming); even a server that sent a
	 * whole
	 * 4,000-token answer or complete tool arguments in one event stays under 100 KB, and request bodies are capped at
	 * 1 MB (docs/epithre-api.md, limits and timeouts), so nothing echoed can be larger. Images come as {@code
	 * b64_json} only from the
	 * non-streamed images endpoint (docs/epithre-api.md, images), never over SSE. 4 MiB is ample headroom for every
	 * legitimate
	 * event while a broken proxy or a body without line ends costs at most that much memory per stream.
	 */
	public static final DataSize DEFAULT_MAX_EVENT_SIZE = DataSize.ofMegabytes(4);

	/** Largest maximum event size: one event must fit in a Java array. */
	private static final long MAX_EVENT_SIZE_LIMIT = Integer.MAX_VALUE - 8;

	public EpithreClientSettings {
		Assert.hasText(baseUrl, "baseUrl must not be empty");
		Assert.hasText(userAgent, "userAgent must not be empty");
		Assert.notNull(retry, "retry must not be null");
		Assert.notNull(concurrency, "concurrency must not be null");
		Assert.isTrue(Durations.isPositive(responseTimeout), "responseTimeout must be positive");
		Assert.isTrue(Durations.isPositive(streamIdleTimeout), "streamIdleTimeout must be positive");
		Assert.isTrue(Durations.isNullOrPositive(totalTimeout), "totalTimeout must be positive");
		responseTimeout = Durations.capped(responseTimeout);
		streamIdleTimeout = Durations.capped(streamIdleTimeout);
		totalTimeout = Durations.cappedOrNull(totalTimeout);
		Assert.notNull(maxEventSize, "maxEventSize must not be null");
		Assert.isTrue(maxEventSize.toBytes() > 0 && maxEventSize.toBytes() <= MAX_EVENT_SIZE_LIMIT,
				() -> "maxEventSize must be between 1 byte and " + MAX_EVENT_SIZE_LIMIT + " bytes, got "
						+ maxEventSize);
		baseUrl = stripTrailingSlash(baseUrl.strip());
		apiKey = ApiKeys.normalize(apiKey);
	}

	/**
	 * Return the defaults: production URL, no key, 180 s response timeout, 30 s stream idle timeout, no total
	 * deadline, usage chunk requested, 4 MiB maximum event size.
	 * @return the default settings
	 */
	public static EpithreClientSettings defaults() {
		return new EpithreClientSettings(DEFAULT_BASE_URL, null, DEFAULT_USER_AGENT, DEFAULT_RESPONSE_TIMEOUT,
				DEFAULT_STREAM_IDLE_TIMEOUT, null, true, DEFAULT_MAX_EVENT_SIZE, RetryPolicy.defaults(),
				ConcurrencyPolicy.defaults());
	}

	public EpithreClientSettings withBaseUrl(String baseUrl) {
		return new EpithreClientSettings(baseUrl, this.apiKey, this.userAgent, this.responseTimeout,
				this.streamIdleTimeout, this.totalTimeout, this.includeUsage, this.maxEventSize, this.retry,
				this.concurrency);
	}

	public EpithreClientSettings withApiKey(@Nullable String apiKey) {
		return new EpithreClientSettings(this.baseUrl, apiKey, this.userAgent, this.responseTimeout,
				this.streamIdleTimeout, this.totalTimeout, this.includeUsage, this.maxEventSize, this.retry,
				this.concurrency);
	}

	public EpithreClientSettings withUserAgent(String userAgent) {
		return new EpithreClientSettings(this.baseUrl, this.apiKey, userAgent, this.responseTimeout,
				this.streamIdleTimeout, this.totalTimeout, this.includeUsage, this.maxEventSize, this.retry,
				this.concurrency);
	}

	public EpithreClientSettings withResponseTimeout(Duration responseTimeout) {
		return new EpithreClientSettings(this.baseUrl, this.apiKey, this.userAgent, responseTimeout,
				this.streamIdleTimeout, this.totalTimeout, this.includeUsage, this.maxEventSize, this.retry,
				this.concurrency);
	}

	public EpithreClientSettings withStreamIdleTimeout(Duration streamIdleTimeout) {
		return new EpithreClientSettings(this.baseUrl, this.apiKey, this.userAgent, this.responseTimeout,
				streamIdleTimeout, this.totalTimeout, this.includeUsage, this.maxEventSize, this.retry,
				this.concurrency);
	}

	public EpithreClientSettings withTotalTimeout(@Nullable Duration totalTimeout) {
		return new EpithreClientSettings(this.baseUrl, this.apiKey, this.userAgent, this.responseTimeout,
				this.streamIdleTimeout, totalTimeout, this.includeUsage, this.maxEventSize, this.retry,
				this.concurrency);
	}

	public EpithreClientSettings withIncludeUsage(boolean includeUsage) {
		return new EpithreClientSettings(this.baseUrl, this.apiKey, this.userAgent, this.responseTimeout,
				this.streamIdleTimeout, this.totalTimeout, includeUsage, this.maxEventSize, this.retry,
				this.concurrency);
	}

	public EpithreClientSettings withMaxEventSize(DataSize maxEventSize) {
		return new EpithreClientSettings(this.baseUrl, this.apiKey, this.userAgent, this.responseTimeout,
				this.streamIdleTimeout, this.totalTimeout, this.includeUsage, maxEventSize, this.retry,
				this.concurrency);
	}

	public EpithreClientSettings withRetry(RetryPolicy retry) {
		return new EpithreClientSettings(this.baseUrl, this.apiKey, this.userAgent, this.responseTimeout,
				this.streamIdleTimeout, this.totalTimeout, this.includeUsage, this.maxEventSize, retry,
				this.concurrency);
	}

	public EpithreClientSettings withConcurrency(ConcurrencyPolicy concurrency) {
		return new EpithreClientSettings(this.baseUrl, this.apiKey, this.userAgent, this.responseTimeout,
				this.streamIdleTimeout, this.totalTimeout, this.includeUsage, this.maxEventSize, this.retry,
				concurrency);
	}

	/**
	 * Return the part of the key that is safe to show: at most its first 12 characters (docs/epithre-api.md,
	 * authentication).
	 * @return the key prefix, or {@code null} without a key
	 */
	public @Nullable String apiKeyPrefix() {
		return (this.apiKey != null) ? ApiKeys.prefix(this.apiKey) : null;
	}

	/**
	 * Return the maximum event size in bytes, as the stream decoder needs it.
	 * @return the maximum event size in bytes
	 */
	public int maxEventSizeBytes() {
		return (int) this.maxEventSize.toBytes();
	}

	@Override
	public String toString() {
		return "EpithreClientSettings[baseUrl=" + this.baseUrl + ", apiKey="
				+ ((this.apiKey != null) ? apiKeyPrefix() + "..." : "none") + ", userAgent=" + this.userAgent
				+ ", responseTimeout=" + this.responseTimeout + ", streamIdleTimeout=" + this.streamIdleTimeout
				+ ", totalTimeout=" + this.totalTimeout + ", includeUsage=" + this.includeUsage + ", maxEventSize="
				+ this.maxEventSize + ", retry=" + this.retry
				+ ", concurrency=" + this.concurrency + "]";
	}

	private static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
