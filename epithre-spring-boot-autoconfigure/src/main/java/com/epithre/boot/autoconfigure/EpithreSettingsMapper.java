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
