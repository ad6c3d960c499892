package com.epithre.boot.autoconfigure;

import com.epithre.client.EpithreClientSettings;

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
			.withIncludeUsage(properties.getStream().isIncludeUsage());
	}

}
