package com.epithre.ai;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.test.FakeEpithreServer;

/**
 * Builds clients and models aimed at a fake server on 127.0.0.1, the way an application without Boot would.
 */
final class AiTestSupport {

	static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private AiTestSupport() {
	}

	static EpithreClient client(FakeEpithreServer server) {
		return client(server, ObservationRegistry.NOOP);
	}

	static EpithreClient client(FakeEpithreServer server, ObservationRegistry observationRegistry) {
		return EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(server.baseUrl()).withApiKey(KEY))
			.observationRegistry(observationRegistry)
			.build();
	}

	static EpithreChatModel chatModel(FakeEpithreServer server) {
		return EpithreChatModel.builder(client(server)).build();
	}

}
