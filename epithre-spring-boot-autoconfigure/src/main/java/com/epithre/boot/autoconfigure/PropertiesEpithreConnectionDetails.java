package com.epithre.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * {@link EpithreConnectionDetails} backed by {@link EpithreProperties}.
 */
final class PropertiesEpithreConnectionDetails implements EpithreConnectionDetails {

	private final EpithreProperties properties;

	PropertiesEpithreConnectionDetails(EpithreProperties properties) {
		this.properties = properties;
	}

	@Override
	public String getBaseUrl() {
		return this.properties.getBaseUrl();
	}

	@Override
	public @Nullable String getApiKey() {
		return this.properties.getApiKey();
	}

}
