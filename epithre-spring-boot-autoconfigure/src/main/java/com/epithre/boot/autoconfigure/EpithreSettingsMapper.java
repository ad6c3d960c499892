package com.epithre.boot.autoconfigure;

import com.epithre.client.EpithreClientSettings;
import com.epithre.client.resilience.Backoff;
import com.epithre.client.resilience.ConcurrencyPolicy;
import com.epithre.client.resilience.RetryPolicy;

/**
 * Turns properties and connection details into {@link EpithreClientSettings}.
 */
final class EpithreSettingsMapper {

	private EpithreSettingsMapper() {
	}

	static EpithreClientSettings map(EpithreProperties properties, EpithreConnectionDetails connectionDetails) {
		check(properties);
		return EpithreClientSettings.defaults()
			.withBaseUrl(connectionDetails.getBaseUrl())
			.withApiKey(connectionDetails.getApiKey())
			.withResponseTimeout(properties.getResponseTimeout())
			.withStreamIdleTimeout(properties.getStream().getIdleTimeout())
			.withTotalTimeout(properties.getTotalTimeout())
			.withIncludeUsage(properties.getStream().isIncludeUsage())
			.withMaxEventSize(properties.getStream().getMaxEventSize())
			.withRetry(retry(properties.getRetry()))
			.withConcurrency(concurrency(properties.getConcurrency()));
	}

	/**
	 * Check the limits and timeouts, naming the property of a bad value (the client's own checks name its fields).
	 * @param properties the properties
	 */
	static void check(EpithreProperties properties) {
		EpithrePropertyChecks.positive("epithre.connect-timeout", properties.getConnectTimeout());
		EpithrePropertyChecks.positive("epithre.response-timeout", properties.getResponseTimeout());
		EpithrePropertyChecks.positive("epithre.total-timeout", properties.getTotalTimeout());
		EpithreProperties.Stream stream = properties.getStream();
		EpithrePropertyChecks.positive("epithre.stream.idle-timeout", stream.getIdleTimeout());
		EpithrePropertyChecks.between("epithre.stream.max-event-size", stream.getMaxEventSize(), 1,
				Integer.MAX_VALUE - 8);
		EpithreProperties.Retry retry = properties.getRetry();
		EpithrePropertyChecks.atLeast("epithre.retry.max-attempts", retry.getMaxAttempts(), 1);
		EpithrePropertyChecks.notNegative("epithre.retry.max-retry-after", retry.getMaxRetryAfter());
		EpithrePropertyChecks.window("epithre.retry.rpm-exceeded", retry.getRpmExceededMin(),
				retry.getRpmExceededMax());
		EpithrePropertyChecks.window("epithre.retry.rate-limit", retry.getRateLimitMin(), retry.getRateLimitMax());
		EpithrePropertyChecks.window("epithre.retry.concurrency-exceeded", retry.getConcurrencyExceededMin(),
				retry.getConcurrencyExceededMax());
		EpithrePropertyChecks.window("epithre.retry.backend-busy-omni", retry.getBackendBusyOmniMin(),
				retry.getBackendBusyOmniMax());
		EpithrePropertyChecks.window("epithre.retry.backend-busy", retry.getBackendBusyMin(),
				retry.getBackendBusyMax());
		EpithrePropertyChecks.window("epithre.retry.server-error", retry.getServerErrorMin(),
				retry.getServerErrorMax());
		EpithrePropertyChecks.window("epithre.retry.backend-unavailable", retry.getBackendUnavailableMin(),
				retry.getBackendUnavailableMax());
		EpithrePropertyChecks.window("epithre.retry.backend-timeout", retry.getBackendTimeoutMin(),
				retry.getBackendTimeoutMax());
		EpithrePropertyChecks.window("epithre.retry.connection", retry.getConnectionMin(), retry.getConnectionMax());
		EpithreProperties.Concurrency concurrency = properties.getConcurrency();
		EpithrePropertyChecks.atLeast("epithre.concurrency.max-in-flight", concurrency.getMaxInFlight(), 1);
		EpithrePropertyChecks.notNegative("epithre.concurrency.max-wait", concurrency.getMaxWait());
		EpithrePropertyChecks.atLeast("epithre.concurrency.max-queue", concurrency.getMaxQueue(), 0);
		EpithrePropertyChecks.notNegative("epithre.concurrency.recovery-interval", concurrency.getRecoveryInterval());
	}

	static RetryPolicy retry(EpithreProperties.Retry retry) {
		return new RetryPolicy(retry.isEnabled(), retry.getMaxAttempts(), retry.getMaxRetryAfter(),
				new Backoff(retry.getRpmExceededMin(), retry.getRpmExceededMax()),
				new Backoff(retry.getRateLimitMin(), retry.getRateLimitMax()),
				new Backoff(retry.getConcurrencyExceededMin(), retry.getConcurrencyExceededMax()),
				new Backoff(retry.getBackendBusyOmniMin(), retry.getBackendBusyOmniMax()),
				new Backoff(retry.getBackendBusyMin(), retry.getBackendBusyMax()),
				new Backoff(retry.getServerErrorMin(), retry.getServerErrorMax()),
				new Backoff(retry.getBackendUnavailableMin(), retry.getBackendUnavailableMax()),
				new Backoff(retry.getBackendTimeoutMin(), retry.getBackendTimeoutMax()),
				new Backoff(retry.getConnectionMin(), retry.getConnectionMax()), retry.isRetryNonIdempotent());
	}

	static ConcurrencyPolicy concurrency(EpithreProperties.Concurrency concurrency) {
		return new ConcurrencyPolicy(concurrency.getMaxInFlight(), concurrency.getMaxWait(),
				concurrency.getMaxQueue(), concurrency.isAdaptive(), concurrency.getRecoveryInterval());
	}

}
