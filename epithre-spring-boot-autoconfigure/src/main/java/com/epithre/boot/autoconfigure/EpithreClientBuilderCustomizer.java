package com.epithre.boot.autoconfigure;

import com.epithre.client.EpithreClient;

/**
 * Callback that customizes the auto-configured {@link EpithreClient.Builder}; beans of this type are applied in
 * {@code @Order}, after the properties and {@link EpithreConnectionDetails}. What a customizer sets wins everywhere:
 * a base URL or key set here moves every call, the limiter and the {@code epithreWebClient}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EpithreClientBuilderCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder
	 */
	void customize(EpithreClient.Builder builder);

}
