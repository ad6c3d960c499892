package com.epithre.client;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.test.FakeEpithreServer;

/**
 * Builds clients aimed at a fake server, the way a non-Boot user would.
 */
final class ClientTestSupport {

	static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private ClientTestSupport() {
	}

	static EpithreClient client(FakeEpithreServer server) {
		return client(server, EpithreClientSettings.defaults());
	}

	static EpithreClient client(FakeEpithreServer server, EpithreClientSettings settings) {
		return EpithreClient.builder(WebClient.builder())
			.settings(settings.withBaseUrl(server.baseUrl()).withApiKey(KEY))
			.build();
	}

	static ChatCompletionRequest hello() {
		return ChatCompletionRequest.builder("epithre-omni").user("Apa ibu kota Indonesia?").build();
	}

}
