package com.epithre.ai.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.epithre.ai.EpithreChatModel;
import com.epithre.ai.EpithreChatOptions;
import com.epithre.ai.EpithreEmbeddingModel;
import com.epithre.boot.autoconfigure.EpithreAutoConfiguration;
import com.epithre.boot.autoconfigure.EpithreConfigurationException;
import com.epithre.client.EpithreClient;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreAiAutoConfigurationTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "epithre.api-key=" + KEY,
				"epithre.base-url=" + this.server.baseUrl())
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				EpithreAutoConfiguration.class, EpithreAiAutoConfiguration.class));

	@Test
	void createsBothModelsOnTheClientWithTheDefaultModels() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChatModel.class).hasSingleBean(EmbeddingModel.class);
			assertThat(context.getBean(EpithreChatModel.class).getOptions().getModel()).isEqualTo("epithre-omni");
			assertThat(context.getBean(EpithreEmbeddingModel.class).getOptions().getModel())
				.isEqualTo("epithre-embed");
		});
	}

	@Test
	void propertiesSetTheModelsAndDefaultsAndTheCallsGoThroughTheClient() {
		this.server.enqueue(FakeResponse.chatCompletion("Halo juga."));
		this.contextRunner
			.withPropertyValues("epithre.ai.chat.model=epithre-lyt", "epithre.ai.chat.temperature=0.3",
					"epithre.ai.chat.max-tokens=100", "epithre.ai.embedding.dimensions=32")
			.run((context) -> {
				ChatClient chatClient = ChatClient.create(context.getBean(ChatModel.class));
				assertThat(chatClient.prompt().user("Halo").call().content()).isEqualTo("Halo juga.");
				assertThat(this.server.takeRequest(Duration.ofSeconds(5)).jsonBody())
					.containsEntry("model", "epithre-lyt")
					.containsEntry("temperature", 0.3)
					.containsEntry("max_tokens", 100);
				assertThat(context.getBean(EmbeddingModel.class).embed("halo")).hasSize(32);
			});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnModels() {
		this.contextRunner.withUserConfiguration(OwnModels.class).run((context) -> {
			assertThat(context).hasSingleBean(EpithreChatModel.class).hasSingleBean(EpithreEmbeddingModel.class);
			assertThat(context.getBean(EpithreChatModel.class).getOptions().getModel()).isEqualTo("epithre-prme");
			assertThat(context).doesNotHaveBean("epithreChatModel");
		});
	}

	@Test
	void modelsCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("epithre.ai.chat.enabled=false", "epithre.ai.embedding.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ChatModel.class)
				.doesNotHaveBean(EmbeddingModel.class)
				.hasSingleBean(EpithreClient.class));
	}

	@Test
	void dimensionsOutsideOneTo4000FailStartUpNamingTheProperty() {
		for (String dimensions : new String[] { "0", "-1", "4001" }) {
			this.contextRunner.withPropertyValues("epithre.ai.embedding.dimensions=" + dimensions)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(EpithreConfigurationException.class)
					.hasMessageContaining("epithre.ai.embedding.dimensions must be between 1 and 4000, but it is "
							+ dimensions + ".")
					.hasMessageContaining("Set epithre.ai.embedding.dimensions to a value between 1 and 4000"));
		}
		this.contextRunner.withPropertyValues("epithre.ai.embedding.dimensions=4000")
			.run((context) -> assertThat(context.getBean(EpithreEmbeddingModel.class).dimensions()).isEqualTo(4000));
	}

	@Test
	void noModelsWithoutAnEpithreClient() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EpithreAiAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ChatModel.class)
				.doesNotHaveBean(EmbeddingModel.class));
	}

	@Test
	void noModelsWithoutSpringAi() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ChatModel.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EpithreChatModel.class)
				.doesNotHaveBean(EpithreEmbeddingModel.class)
				.hasSingleBean(EpithreClient.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnModels {

		@Bean
		EpithreChatModel ownChatModel(EpithreClient client) {
			return EpithreChatModel.builder(client)
				.options(EpithreChatOptions.builder().model("epithre-prme").build())
				.build();
		}

		@Bean
		EpithreEmbeddingModel ownEmbeddingModel(EpithreClient client) {
			return new EpithreEmbeddingModel(client);
		}

	}

}
