package com.epithre.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Epithre API is and which key to use; defaults to the {@code epithre.*} properties, and can be replaced
 * by a bean of this type (e.g. to point at a fake server).
 *
 * @since 0.1.0
 */
public interface EpithreConnectionDetails extends ConnectionDetails {

	/**
	 * Return the API root, including {@code /v1}.
	 * @return the base URL
	 */
	String getBaseUrl();

	/**
	 * Return the API key.
	 * @return the key, or {@code null} when none is configured
	 */
	@Nullable String getApiKey();

}
