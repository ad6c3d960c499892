package com.epithre.sample;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

import com.epithre.boot.autoconfigure.EpithreConnectionDetails;
import com.epithre.test.FakeEpithreServer;

/**
 * Demo mode: when no API key is configured, an embedded fake Epithre server answers instead of the real API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${epithre.api-key:}'.isBlank()")
class DemoModeConfiguration {

	static final String DEMO_KEY = "esk_test_demo0000000000000000000000000000";

	private static final Log logger = LogFactory.getLog(DemoModeConfiguration.class);

	@Bean(destroyMethod = "close")
	FakeEpithreServer fakeEpithreServer() {
		FakeEpithreServer server = new FakeEpithreServer().streamChunkDelay(Duration.ofMillis(60))
			.batchWorkerCadence(Duration.ofSeconds(2))
			.defaultReply("Hello! This answer comes from the embedded fake Epithre server, streamed token by token. "
					+ "Set EPITHRE_API_KEY to talk to the real API.")
			.start();
		logger.warn("DEMO MODE: no EPITHRE_API_KEY set, answering from the embedded fake Epithre server at "
				+ server.baseUrl());
		return server;
	}

	@Bean
	EpithreConnectionDetails demoConnectionDetails(FakeEpithreServer server) {
		return new EpithreConnectionDetails() {

			@Override
			public String getBaseUrl() {
				return server.baseUrl();
			}

			@Override
			public @Nullable String getApiKey() {
				return DEMO_KEY;
			}

		};
	}

	@Bean
	DemoMode demoMode(FakeEpithreServer server) {
		return new DemoMode(true, server.baseUrl());
	}

	/**
	 * Stage the failure a chat request asks for with {@code ?scenario=}, on the embedded server, before the request
	 * reaches the controller; the controllers never see the fake server.
	 * @param server the embedded server
	 * @return the filter
	 */
	@Bean
	WebFilter demoFailureStaging(FakeEpithreServer server) {
		return (exchange, chain) -> {
			if (exchange.getRequest().getPath().value().equals("/api/chat/stream")) {
				DemoScenario.of(exchange.getRequest().getQueryParams().getFirst("scenario"))
					.ifPresent((scenario) -> server.enqueue(scenario.response().forPath("/v1/chat/completions")));
			}
			return chain.filter(exchange);
		};
	}

}
