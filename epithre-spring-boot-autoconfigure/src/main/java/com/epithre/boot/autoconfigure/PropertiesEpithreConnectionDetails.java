package com.epithre.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * {@link EpithreConnectionDetails} backed by {@link EpithreProperties}, checked when created so that a bad key or
 * URL fails start-up naming the property.
 */
final class PropertiesEpithreConnectionDetails implements EpithreConnectionDetails {

	private final String baseUrl;

	private final @Nullable String apiKey;

	PropertiesEpithreConnectionDetails(EpithreProperties properties) {
		this.apiKey = EpithrePropertyChecks.apiKey(properties.getApiKey());
		EpithrePropertyChecks.baseUrl(properties.getBaseUrl());
		this.baseUrl = properties.getBaseUrl();
	}

	@Override
	public String getBaseUrl() {
		return this.baseUrl;
	}

	@Override
	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	@Override
	public String toString() {
		return "PropertiesEpithreConnectionDetails[baseUrl=" + this.baseUrl + "]";
	}

}
