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
		this(properties, EpithreProperties.PREFIX);
	}

	/**
	 * Create the details of a client whose properties sit under the given prefix, naming it in errors.
	 */
	PropertiesEpithreConnectionDetails(EpithreProperties properties, String prefix) {
		this.apiKey = EpithrePropertyChecks.apiKey(prefix + ".api-key", properties.getApiKey());
		EpithrePropertyChecks.baseUrl(prefix + ".base-url", properties.getBaseUrl());
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
