package com.epithre.boot.autoconfigure;

import com.epithre.client.EpithreClient;

/**
 * Callback that customizes the auto-configured {@link EpithreClient.Builder}; beans of this type are applied in
 * {@code @Order}. Connection settings (base URL, key) belong in {@link EpithreConnectionDetails}, because the
 * {@code epithreWebClient} is built from them.
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
