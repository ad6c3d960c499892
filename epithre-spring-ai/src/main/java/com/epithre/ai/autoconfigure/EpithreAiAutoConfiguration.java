package com.epithre.ai.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import com.epithre.ai.EpithreChatModel;
import com.epithre.ai.EpithreChatOptions;
import com.epithre.ai.EpithreEmbeddingModel;
import com.epithre.boot.autoconfigure.EpithreAutoConfiguration;
import com.epithre.boot.autoconfigure.EpithreConfigurationException;
import com.epithre.client.EpithreClient;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.embedding.EmbeddingRequest;

/**
 * Spring AI's {@code ChatModel} and {@code EmbeddingModel} on the application's {@link EpithreClient}: active when
 * Spring AI is on the class path and the client bean exists, after {@link EpithreAutoConfiguration}. Each model backs
 * off when the application defines its own bean of the same type, and can be turned off with
 * {@code epithre.ai.chat.enabled=false} or {@code epithre.ai.embedding.enabled=false}. The application's
 * {@link ToolCallingManager} (Spring AI's auto-configuration provides one) resolves the tool definitions when there
 * is one. Observations are the client's: the models create none of their own (see {@link EpithreChatModel}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EpithreAutoConfiguration.class,
		afterName = "org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration")
@ConditionalOnClass({ ChatModel.class, EpithreChatModel.class })
@ConditionalOnBean(EpithreClient.class)
@EnableConfigurationProperties(EpithreAiProperties.class)
public final class EpithreAiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "epithre.ai.chat", name = "enabled", havingValue = "true", matchIfMissing = true)
	EpithreChatModel epithreChatModel(EpithreClient epithreClient, EpithreAiProperties properties,
			ObjectProvider<ToolCallingManager> toolCallingManager) {
		EpithreAiProperties.Chat chat = properties.getChat();
		EpithreChatModel.Builder builder = EpithreChatModel.builder(epithreClient)
			.options(EpithreChatOptions.builder()
				.model(chat.getModel())
				.temperature(chat.getTemperature())
				.maxTokens(chat.getMaxTokens())
				.topP(chat.getTopP())
				.build());
		toolCallingManager.ifAvailable(builder::toolCallingManager);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "epithre.ai.embedding", name = "enabled", havingValue = "true",
			matchIfMissing = true)
	EpithreEmbeddingModel epithreEmbeddingModel(EpithreClient epithreClient, EpithreAiProperties properties) {
		EpithreAiProperties.Embedding embedding = properties.getEmbedding();
		checkDimensions(embedding.getDimensions());
		return new EpithreEmbeddingModel(epithreClient,
				EmbeddingOptions.builder().model(embedding.getModel()).dimensions(embedding.getDimensions()).build(),
				RequestOptions.none());
	}

	private static void checkDimensions(@Nullable Integer dimensions) {
		int max = EmbeddingRequest.MAX_DIMENSIONS;
		if (dimensions != null && (dimensions < 1 || dimensions > max)) {
			String property = EpithreAiProperties.PREFIX + ".embedding.dimensions";
			throw new EpithreConfigurationException(property,
					property + " must be between 1 and " + max + ", but it is " + dimensions + ".",
					"Set " + property + " to a value between 1 and " + max
							+ ", or remove it to use the model's own default.");
		}
	}

}
