package com.epithre.test.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.util.StringUtils;

import com.epithre.boot.autoconfigure.EpithreConnectionDetails;
import com.epithre.test.FakeEpithreServer;

/**
 * Auto-configuration of a {@link FakeEpithreServer} for Spring tests, imported by {@link AutoConfigureFakeEpithre}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = "com.epithre.boot.autoconfigure.EpithreAutoConfiguration")
public final class FakeEpithreAutoConfiguration {

	/** Property of the client's base URL. */
	static final String BASE_URL_PROPERTY = "epithre.base-url";

	/** Property of the client's API key. */
	static final String API_KEY_PROPERTY = "epithre.api-key";

	/** Well-formed sandbox key (docs/epithre-api.md, authentication: {@code esk_test_} and 32 characters) that the fake accepts. */
	static final String DUMMY_API_KEY = "esk_test_fakeepithreserver000000000000000";

	FakeEpithreAutoConfiguration() {
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	FakeEpithreServer fakeEpithreServer() {
		return new FakeEpithreServer().start();
	}

	@Bean
	DynamicPropertyRegistrar fakeEpithreProperties(FakeEpithreServer fakeEpithreServer, Environment environment) {
		return (registry) -> {
			registry.add(BASE_URL_PROPERTY, fakeEpithreServer::baseUrl);
			if (!hasApiKey(environment)) {
				registry.add(API_KEY_PROPERTY, () -> DUMMY_API_KEY);
			}
		};
	}

	/**
	 * The fake server as the default client's connection, in place of the one from the {@code epithre.*}
	 * properties: its base URL, and the application's key when it has one, else a well-formed dummy key.
	 */
	@Bean
	@ConditionalOnMissingBean
	EpithreConnectionDetails fakeEpithreConnectionDetails(FakeEpithreServer fakeEpithreServer,
			Environment environment) {
		String apiKey = hasApiKey(environment) ? environment.getProperty(API_KEY_PROPERTY) : DUMMY_API_KEY;
		return new EpithreConnectionDetails() {

			@Override
			public String getBaseUrl() {
				return fakeEpithreServer.baseUrl();
			}

			@Override
			public String getApiKey() {
				return apiKey;
			}

			@Override
			public String toString() {
				return "FakeEpithreConnectionDetails[baseUrl=" + fakeEpithreServer.baseUrl() + "]";
			}

		};
	}

	private static boolean hasApiKey(Environment environment) {
		try {
			return StringUtils.hasText(environment.getProperty(API_KEY_PROPERTY));
		}
		catch (IllegalArgumentException ex) {
			// an unresolvable placeholder such as ${EPITHRE_API_KEY} counts as no key
			return false;
		}
	}

}
