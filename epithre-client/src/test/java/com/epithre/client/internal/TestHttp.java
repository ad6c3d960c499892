package com.epithre.client.internal;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.observation.EpithreClientStats;
import com.epithre.client.resilience.EpithreResilience;

/**
 * The exchange of a client, for tests of this package's services.
 */
final class TestHttp {

	private TestHttp() {
	}

	static EpithreHttp http(EpithreClientSettings settings) {
		return new EpithreHttp(WebClient.builder(), settings, EpithreResilience.create(), ObservationRegistry.NOOP,
				null, new EpithreClientStats());
	}

}
