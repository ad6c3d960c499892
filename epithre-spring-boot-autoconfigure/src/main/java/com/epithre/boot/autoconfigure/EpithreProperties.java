package com.epithre.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;


/**
 * Configuration properties of the Epithre client, under {@code epithre}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(EpithreProperties.PREFIX)
public class EpithreProperties {

	/** The prefix of the properties. */
	static final String PREFIX = "epithre";

	/**
	 * Root URL of the Epithre API, including the /v1 path.
	 */
	private String baseUrl = "https://api.epithre.com/v1";

	/**
	 * API key (esk_live_... or esk_test_...); take it from the environment, never a committed file. Surrounding
	 * whitespace is trimmed with a warning.
	 */
	private @Nullable String apiKey;

	/**
	 * Time allowed to open a TCP connection to the API.
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Longest wait for a response to start (for a stream, its first event); omni may queue a request for 45 s and a
	 * long non-streamed answer takes 80-130 s more.
	 */
	private Duration responseTimeout = Duration.ofSeconds(180);

	/**
	 * Deadline for a whole call, stream included; none when unset.
	 */
	private @Nullable Duration totalTimeout;

	/**
	 * Streaming settings.
	 */
	private final Stream stream = new Stream();

	/**
	 * Retry settings.
	 */
	private final Retry retry = new Retry();

	/**
	 * Per-key concurrency settings.
	 */
	private final Concurrency concurrency = new Concurrency();

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getResponseTimeout() {
		return this.responseTimeout;
	}

	public void setResponseTimeout(Duration responseTimeout) {
		this.responseTimeout = responseTimeout;
	}

	public @Nullable Duration getTotalTimeout() {
		return this.totalTimeout;
	}

	public void setTotalTimeout(@Nullable Duration totalTimeout) {
		this.totalTimeout = totalTimeout;
	}

	public Stream getStream() {
		return this.stream;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Concurrency getConcurrency() {
		return this.concurrency;
	}

	@Override
	public String toString() {
		return "EpithreProperties[baseUrl=" + this.baseUrl + ", apiKey="
				+ ((this.apiKey != null) ? "(set)" : "(none)") + "]";
	}

	/**
	 * Streaming settings.
	 */
	public static class Stream {

		/**
		 * Longest gap allowed between two events of a stream.
		 */
		private Duration idleTimeout = Duration.ofSeconds(30);

		/**
		 * Whether streams ask for the final usage chunk (stream_options.include_usage); without it a stream reports
		 * no token counts.
		 */
		private boolean includeUsage = true;

		/**
		 * Largest single event a stream may send (its data plus the line being read); a larger one fails the stream
		 * with EpithreStreamEventTooLargeException instead of growing memory without bound.
		 */
		private DataSize maxEventSize = DataSize.ofMegabytes(4);

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public boolean isIncludeUsage() {
			return this.includeUsage;
		}

		public void setIncludeUsage(boolean includeUsage) {
			this.includeUsage = includeUsage;
		}

		public DataSize getMaxEventSize() {
			return this.maxEventSize;
		}

		public void setMaxEventSize(DataSize maxEventSize) {
			this.maxEventSize = maxEventSize;
		}

	}

	/**
	 * Retry settings; back-offs are windows, each wait drawn at random between min and max.
	 */
	public static class Retry {

		/**
		 * Whether failed calls are retried.
		 */
		private boolean enabled = true;

		/**
		 * Most attempts per call, the first included.
		 */
		private int maxAttempts = 3;

		/**
		 * Longest Retry-After honoured; longer ones are cut to it.
		 */
		private Duration maxRetryAfter = Duration.ofSeconds(60);

		/**
		 * Whether side-effecting calls (upload, batch create, webhook register) are retried after the request may
		 * have reached the server.
		 */
		private boolean retryNonIdempotent = false;

		/**
		 * Shortest back-off after rpm_exceeded.
		 */
		private Duration rpmExceededMin = Duration.ofSeconds(1);

		/**
		 * Longest back-off after rpm_exceeded.
		 */
		private Duration rpmExceededMax = Duration.ofSeconds(2);

		/**
		 * Shortest back-off after a 429 with another code (doubled per attempt).
		 */
		private Duration rateLimitMin = Duration.ofSeconds(1);

		/**
		 * Longest back-off after a 429 with another code (doubled per attempt).
		 */
		private Duration rateLimitMax = Duration.ofSeconds(2);

		/**
		 * Shortest back-off after concurrency_exceeded before queueing for a permit again.
		 */
		private Duration concurrencyExceededMin = Duration.ofMillis(10);

		/**
		 * Longest back-off after concurrency_exceeded before queueing for a permit again.
		 */
		private Duration concurrencyExceededMax = Duration.ofMillis(100);

		/**
		 * Shortest back-off after backend_busy on epithre-omni (the server already queued up to 45 s).
		 */
		private Duration backendBusyOmniMin = Duration.ofSeconds(5);

		/**
		 * Longest back-off after backend_busy on epithre-omni (the server already queued up to 45 s).
		 */
		private Duration backendBusyOmniMax = Duration.ofSeconds(10);

		/**
		 * Shortest back-off after backend_busy on other models.
		 */
		private Duration backendBusyMin = Duration.ofSeconds(1);

		/**
		 * Longest back-off after backend_busy on other models.
		 */
		private Duration backendBusyMax = Duration.ofSeconds(3);

		/**
		 * Shortest back-off after a 500 or 502, retried once.
		 */
		private Duration serverErrorMin = Duration.ofSeconds(1);

		/**
		 * Longest back-off after a 500 or 502, retried once.
		 */
		private Duration serverErrorMax = Duration.ofSeconds(2);

		/**
		 * Shortest back-off after a 503.
		 */
		private Duration backendUnavailableMin = Duration.ofSeconds(5);

		/**
		 * Longest back-off after a 503.
		 */
		private Duration backendUnavailableMax = Duration.ofSeconds(10);

		/**
		 * Shortest back-off after a 504.
		 */
		private Duration backendTimeoutMin = Duration.ofSeconds(1);

		/**
		 * Longest back-off after a 504.
		 */
		private Duration backendTimeoutMax = Duration.ofSeconds(3);

		/**
		 * Shortest back-off after a connection failure before any response byte.
		 */
		private Duration connectionMin = Duration.ofMillis(50);

		/**
		 * Longest back-off after a connection failure before any response byte.
		 */
		private Duration connectionMax = Duration.ofMillis(250);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

		public boolean isRetryNonIdempotent() {
			return this.retryNonIdempotent;
		}

		public void setRetryNonIdempotent(boolean retryNonIdempotent) {
			this.retryNonIdempotent = retryNonIdempotent;
		}

		public Duration getRpmExceededMin() {
			return this.rpmExceededMin;
		}

		public void setRpmExceededMin(Duration rpmExceededMin) {
			this.rpmExceededMin = rpmExceededMin;
		}

		public Duration getRpmExceededMax() {
			return this.rpmExceededMax;
		}

		public void setRpmExceededMax(Duration rpmExceededMax) {
			this.rpmExceededMax = rpmExceededMax;
		}

		public Duration getRateLimitMin() {
			return this.rateLimitMin;
		}

		public void setRateLimitMin(Duration rateLimitMin) {
			this.rateLimitMin = rateLimitMin;
		}

		public Duration getRateLimitMax() {
			return this.rateLimitMax;
		}

		public void setRateLimitMax(Duration rateLimitMax) {
			this.rateLimitMax = rateLimitMax;
		}

		public Duration getConcurrencyExceededMin() {
			return this.concurrencyExceededMin;
		}

		public void setConcurrencyExceededMin(Duration concurrencyExceededMin) {
			this.concurrencyExceededMin = concurrencyExceededMin;
		}

		public Duration getConcurrencyExceededMax() {
			return this.concurrencyExceededMax;
		}

		public void setConcurrencyExceededMax(Duration concurrencyExceededMax) {
			this.concurrencyExceededMax = concurrencyExceededMax;
		}

		public Duration getBackendBusyOmniMin() {
			return this.backendBusyOmniMin;
		}

		public void setBackendBusyOmniMin(Duration backendBusyOmniMin) {
			this.backendBusyOmniMin = backendBusyOmniMin;
		}

		public Duration getBackendBusyOmniMax() {
			return this.backendBusyOmniMax;
		}

		public void setBackendBusyOmniMax(Duration backendBusyOmniMax) {
			this.backendBusyOmniMax = backendBusyOmniMax;
		}

		public Duration getBackendBusyMin() {
			return this.backendBusyMin;
		}

		public void setBackendBusyMin(Duration backendBusyMin) {
			this.backendBusyMin = backendBusyMin;
		}

		public Duration getBackendBusyMax() {
			return this.backendBusyMax;
		}

		public void setBackendBusyMax(Duration backendBusyMax) {
			this.backendBusyMax = backendBusyMax;
		}

		public Duration getServerErrorMin() {
			return this.serverErrorMin;
		}

		public void setServerErrorMin(Duration serverErrorMin) {
			this.serverErrorMin = serverErrorMin;
		}

		public Duration getServerErrorMax() {
			return this.serverErrorMax;
		}

		public void setServerErrorMax(Duration serverErrorMax) {
			this.serverErrorMax = serverErrorMax;
		}

		public Duration getBackendUnavailableMin() {
			return this.backendUnavailableMin;
		}

		public void setBackendUnavailableMin(Duration backendUnavailableMin) {
			this.backendUnavailableMin = backendUnavailableMin;
		}

		public Duration getBackendUnavailableMax() {
			return this.backendUnavailableMax;
		}

		public void setBackendUnavailableMax(Duration backendUnavailableMax) {
			this.backendUnavailableMax = backendUnavailableMax;
		}

		public Duration getBackendTimeoutMin() {
			return this.backendTimeoutMin;
		}

		public void setBackendTimeoutMin(Duration backendTimeoutMin) {
			this.backendTimeoutMin = backendTimeoutMin;
		}

		public Duration getBackendTimeoutMax() {
			return this.backendTimeoutMax;
		}

		public void setBackendTimeoutMax(Duration backendTimeoutMax) {
			this.backendTimeoutMax = backendTimeoutMax;
		}

		public Duration getConnectionMin() {
			return this.connectionMin;
		}

		public void setConnectionMin(Duration connectionMin) {
			this.connectionMin = connectionMin;
		}

		public Duration getConnectionMax() {
			return this.connectionMax;
		}

		public void setConnectionMax(Duration connectionMax) {
			this.connectionMax = connectionMax;
		}

	}

	/**
	 * Per-key concurrency settings (Epithre's default cap is 10 in flight per key).
	 */
	public static class Concurrency {

		/**
		 * Most calls in flight per API key, shared by every client using the key; match the key's cap in the
		 * Epithre dashboard.
		 */
		private int maxInFlight = 10;

		/**
		 * Longest wait for a permit before the call fails.
		 */
		private Duration maxWait = Duration.ofSeconds(60);

		/**
		 * Most calls waiting for a permit before new ones fail at once.
		 */
		private int maxQueue = 1000;

		/**
		 * Whether concurrency_exceeded lowers the limit to what the server accepted.
		 */
		private boolean adaptive = true;

		/**
		 * How long a lowered limit stays before it grows by one.
		 */
		private Duration recoveryInterval = Duration.ofSeconds(30);

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		public int getMaxQueue() {
			return this.maxQueue;
		}

		public void setMaxQueue(int maxQueue) {
			this.maxQueue = maxQueue;
		}

		public boolean isAdaptive() {
			return this.adaptive;
		}

		public void setAdaptive(boolean adaptive) {
			this.adaptive = adaptive;
		}

		public Duration getRecoveryInterval() {
			return this.recoveryInterval;
		}

		public void setRecoveryInterval(Duration recoveryInterval) {
			this.recoveryInterval = recoveryInterval;
		}

	}

}
