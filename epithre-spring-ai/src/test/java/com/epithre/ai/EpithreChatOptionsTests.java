package com.epithre.ai;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.function.FunctionToolCallback;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class EpithreChatOptionsTests {

	private final ToolCallback echo = FunctionToolCallback.builder("echo", (String text) -> text)
		.description("Echo")
		.inputType(String.class)
		.build();

	@Test
	void mutateAndCopyKeepEveryValue() {
		EpithreChatOptions options = EpithreChatOptions.builder()
			.model("epithre-prme")
			.temperature(0.5)
			.maxTokens(10)
			.topP(0.9)
			.stopSequences(List.of("END"))
			.seed(3L)
			.toolChoice("required")
			.enableThinking(true)
			.extraBody("parallel_tool_calls", false)
			.toolCallbacks(this.echo)
			.toolContext("tenant", "a")
			.build();
		assertThat(options.copy()).isEqualTo(options).hasSameHashCodeAs(options).isNotSameAs(options);
		assertThat(options.mutate().temperature(0.1).build()).isNotEqualTo(options);
	}

	@Test
	void combineWithLetsTheOtherValuesWinAndAddsItsTools() {
		EpithreChatOptions defaults = EpithreChatOptions.builder().model("epithre-omni").temperature(0.7).maxTokens(50)
			.build();
		EpithreChatOptions combined = defaults.mutate()
			.combineWith(EpithreChatOptions.builder().temperature(0.1).toolCallbacks(this.echo).toolContext("k", "v"))
			.build();
		assertThat(combined.getModel()).isEqualTo("epithre-omni");
		assertThat(combined.getTemperature()).isEqualTo(0.1);
		assertThat(combined.getMaxTokens()).isEqualTo(50);
		assertThat(combined.getToolCallbacks()).containsExactly(this.echo);
		assertThat(combined.getToolContext()).isEqualTo(Map.of("k", "v"));
	}

	@Test
	void combineWithTakesTheValuesOfSpringAisPortableOptions() {
		EpithreChatOptions combined = EpithreChatOptions.builder()
			.model("epithre-omni")
			.build()
			.mutate()
			.combineWith(ChatOptions.builder().model("epithre-lyt").topP(0.5))
			.build();
		assertThat(combined.getModel()).isEqualTo("epithre-lyt");
		assertThat(combined.getTopP()).isEqualTo(0.5);
	}

	@Test
	void requestCarriesTheToolsToolChoiceAndEpithreSwitches() {
		EpithreChatModel model = EpithreChatModel.builder(mock(EpithreClient.class)).build();
		ChatCompletionRequest request = model.toRequest(new Prompt("Halo",
				EpithreChatOptions.builder().toolCallbacks(this.echo).toolChoice("echo").enableThinking(false)
					.extraBody("user", "u-1").topK(5).build()));
		assertThat(request.model()).isEqualTo(EpithreChatModel.DEFAULT_MODEL);
		assertThat(request.tools()).singleElement().satisfies((tool) -> {
			assertThat(tool.function().name()).isEqualTo("echo");
			assertThat(tool.function().parameters()).isNotEmpty();
		});
		assertThat(request.toolChoice().functionName()).isEqualTo("echo");
		assertThat(request.chatTemplateKwargs()).containsEntry("enable_thinking", false);
		assertThat(request.extraBody()).containsEntry("user", "u-1").doesNotContainKey("top_k");
	}

}
