package com.epithre.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;


/**
 * Configuration properties of the Epithre client, under {@code epithre}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("epithre")
public class EpithreProperties {

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

	}

}
