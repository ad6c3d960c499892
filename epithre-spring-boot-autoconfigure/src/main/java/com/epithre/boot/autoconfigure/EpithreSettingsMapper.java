package com.epithre.boot.autoconfigure;

import com.epithre.client.config.Backoff;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RetryPolicy;

/**
 * Turns properties and connection details into {@link EpithreClientSettings}.
 */
final class EpithreSettingsMapper {

	private EpithreSettingsMapper() {
	}

	static EpithreClientSettings map(EpithreProperties properties, EpithreConnectionDetails connectionDetails) {
		return map(properties, connectionDetails, EpithreProperties.PREFIX);
	}

	/**
	 * Map the properties of a client whose properties sit under the given prefix ({@code epithre}, or
	 * {@code epithre.clients.<name>} for a named client), naming that prefix in errors.
	 */
	static EpithreClientSettings map(EpithreProperties properties, EpithreConnectionDetails connectionDetails,
			String prefix) {
		check(properties, prefix);
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
	 * @param prefix where the properties are bound from
	 */
	static void check(EpithreProperties properties, String prefix) {
		EpithrePropertyChecks.positive(prefix + ".connect-timeout", properties.getConnectTimeout());
		EpithrePropertyChecks.positive(prefix + ".response-timeout", properties.getResponseTimeout());
		EpithrePropertyChecks.positive(prefix + ".total-timeout", properties.getTotalTimeout());
		EpithreProperties.Stream stream = properties.getStream();
		EpithrePropertyChecks.positive(prefix + ".stream.idle-timeout", stream.getIdleTimeout());
		EpithrePropertyChecks.between(prefix + ".stream.max-event-size", stream.getMaxEventSize(), 1,
				Integer.MAX_VALUE - 8);
		EpithreProperties.Retry retry = properties.getRetry();
		EpithrePropertyChecks.atLeast(prefix + ".retry.max-attempts", retry.getMaxAttempts(), 1);
		EpithrePropertyChecks.notNegative(prefix + ".retry.max-retry-after", retry.getMaxRetryAfter());
		EpithrePropertyChecks.window(prefix + ".retry.rpm-exceeded", retry.getRpmExceededMin(),
				retry.getRpmExceededMax());
		EpithrePropertyChecks.window(prefix + ".retry.rate-limit", retry.getRateLimitMin(), retry.getRateLimitMax());
		EpithrePropertyChecks.window(prefix + ".retry.concurrency-exceeded", retry.getConcurrencyExceededMin(),
				retry.getConcurrencyExceededMax());
		EpithrePropertyChecks.window(prefix + ".retry.backend-busy-omni", retry.getBackendBusyOmniMin(),
				retry.getBackendBusyOmniMax());
		EpithrePropertyChecks.window(prefix + ".retry.backend-busy", retry.getBackendBusyMin(),
				retry.getBackendBusyMax());
		EpithrePropertyChecks.window(prefix + ".retry.server-error", retry.getServerErrorMin(),
				retry.getServerErrorMax());
		EpithrePropertyChecks.window(prefix + ".retry.backend-unavailable", retry.getBackendUnavailableMin(),
				retry.getBackendUnavailableMax());
		EpithrePropertyChecks.window(prefix + ".retry.backend-timeout", retry.getBackendTimeoutMin(),
				retry.getBackendTimeoutMax());
		EpithrePropertyChecks.window(prefix + ".retry.connection", retry.getConnectionMin(), retry.getConnectionMax());
		EpithreProperties.Concurrency concurrency = properties.getConcurrency();
		EpithrePropertyChecks.atLeast(prefix + ".concurrency.max-in-flight", concurrency.getMaxInFlight(), 1);
		EpithrePropertyChecks.notNegative(prefix + ".concurrency.max-wait", concurrency.getMaxWait());
		EpithrePropertyChecks.atLeast(prefix + ".concurrency.max-queue", concurrency.getMaxQueue(), 0);
		EpithrePropertyChecks.notNegative(prefix + ".concurrency.recovery-interval", concurrency.getRecoveryInterval());
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
