package com.epithre.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionAccumulator;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.RecordedRequest;
import com.epithre.test.autoconfigure.AutoConfigureFakeEpithre;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = EpithreAutoConfigurationIntegrationTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
@AutoConfigureFakeEpithre
class EpithreAutoConfigurationIntegrationTests {

	@Autowired
	private EpithreClient client;

	@Autowired
	@Qualifier("epithreWebClient")
	private WebClient epithreWebClient;

	@Autowired
	private FakeEpithreServer server;

	@Test
	void autoConfiguredClientStreamsFromTheFakeServerThroughBootsWebClientBuilder() {
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-lyt").user("Halo").build();
		StepVerifier.create(ChatCompletionAccumulator.accumulate(this.client.chat().stream(request)))
			.assertNext((completion) -> assertThat(completion.text()).isNotBlank())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		RecordedRequest recorded = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(recorded.header("X-Boot-Customizer")).isEqualTo("applied");
		assertThat(recorded.header("Authorization")).startsWith("Bearer esk_test_");
		assertThat(recorded.header("User-Agent")).startsWith("epithre-spring-boot/");
	}

	@Test
	void epithreWebClientReachesEndpointsTheClientDoesNotModel() {
		StepVerifier.create(this.epithreWebClient.get().uri("/models/epithre-omni").retrieve().bodyToMono(String.class))
			.assertNext((json) -> assertThat(json).contains("\"context_window\":49152"))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		WebClientCustomizer markingCustomizer() {
			return (builder) -> builder.defaultHeader("X-Boot-Customizer", "applied");
		}

	}

}
