package com.epithre.client.chat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ChatJsonTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void requestWritesEveryModelledFieldInSnakeCaseAndOmitsUnsetOnes() {
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-omni")
			.system("Be brief")
			.user("Halo")
			.temperature(0.2)
			.topP(0.9)
			.maxTokens(100)
			.seed(42L)
			.stop("END", "STOP")
			.frequencyPenalty(0.1)
			.presencePenalty(0.3)
			.tool(Tool.function("get_weather", "Weather by city", Map.of("type", "object")))
			.toolChoice(ToolChoice.function("get_weather"))
			.responseFormat(ResponseFormat.jsonSchema("invoice", Map.of("type", "object")))
			.enableThinking(true)
			.build();
		JsonNode json = this.mapper.readTree(this.mapper.writeValueAsString(request));
		assertThat(json.get("model").asString()).isEqualTo("epithre-omni");
		assertThat(json.get("messages").get(0).get("role").asString()).isEqualTo("system");
		assertThat(json.get("messages").get(1).get("content").asString()).isEqualTo("Halo");
		assertThat(json.get("top_p").asDouble()).isEqualTo(0.9);
		assertThat(json.get("max_tokens").asInt()).isEqualTo(100);
		assertThat(json.get("seed").asLong()).isEqualTo(42L);
		assertThat(json.get("stop").get(1).asString()).isEqualTo("STOP");
		assertThat(json.get("frequency_penalty").asDouble()).isEqualTo(0.1);
		assertThat(json.get("presence_penalty").asDouble()).isEqualTo(0.3);
		assertThat(json.get("tools").get(0).get("type").asString()).isEqualTo("function");
		assertThat(json.get("tools").get(0).get("function").get("name").asString()).isEqualTo("get_weather");
		assertThat(json.get("tool_choice").get("type").asString()).isEqualTo("function");
		assertThat(json.get("tool_choice").get("function").get("name").asString()).isEqualTo("get_weather");
		assertThat(json.get("response_format").get("type").asString()).isEqualTo("json_schema");
		assertThat(json.get("response_format").get("json_schema").get("strict").asBoolean()).isTrue();
		assertThat(json.get("chat_template_kwargs").get("enable_thinking").asBoolean()).isTrue();
		assertThat(json.has("stream")).isFalse();
		assertThat(json.has("stream_options")).isFalse();
		assertThat(json.has("extraBody")).isFalse();
		assertThat(json.get("messages").get(1).has("tool_calls")).isFalse();
	}

	@Test
	void stringToolChoicesAndJsonObjectFormatAreWrittenAsStrings() {
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-prme")
			.user("x")
			.toolChoice(ToolChoice.REQUIRED)
			.responseFormat(ResponseFormat.jsonObject())
			.build();
		JsonNode json = this.mapper.readTree(this.mapper.writeValueAsString(request));
		assertThat(json.get("tool_choice").isString()).isTrue();
		assertThat(json.get("tool_choice").asString()).isEqualTo("required");
		assertThat(json.get("response_format").toString()).isEqualTo("{\"type\":\"json_object\"}");
	}

	@Test
	void extraBodyFieldsAreMergedIntoTheTopLevelJson() {
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-lyt")
			.user("x")
			.extraBody("parallel_tool_calls", false)
			.extraBody("max_completion_tokens", 64)
			.build();
		JsonNode json = this.mapper.readTree(this.mapper.writeValueAsString(request));
		assertThat(json.get("parallel_tool_calls").asBoolean()).isFalse();
		assertThat(json.get("max_completion_tokens").asInt()).isEqualTo(64);
	}

	@Test
	void contentBlocksCarryImageUrlAndCacheControl() {
		ChatMessage message = ChatMessage.user(ContentPart.text("Describe this photo").cached(),
				ContentPart.image("image/png", new byte[] { 1, 2, 3 }));
		JsonNode json = this.mapper.readTree(this.mapper.writeValueAsString(message));
		JsonNode content = json.get("content");
		assertThat(content.isArray()).isTrue();
		assertThat(content.get(0).get("type").asString()).isEqualTo("text");
		assertThat(content.get(0).get("cache_control").get("type").asString()).isEqualTo("ephemeral");
		assertThat(content.get(1).get("type").asString()).isEqualTo("image_url");
		assertThat(content.get(1).get("image_url").get("url").asString()).isEqualTo("data:image/png;base64,AQID");
		assertThat(content.get(1).has("cache_control")).isFalse();
	}

	@Test
	void cachedSystemPutsTheMarkerOnABlockNotOnStringContent() {
		JsonNode json = this.mapper.readTree(this.mapper.writeValueAsString(ChatMessage.cachedSystem("Rules")));
		assertThat(json.get("content").get(0).get("cache_control").get("type").asString()).isEqualTo("ephemeral");
		assertThat(json.has("cache_control")).isFalse();
	}

	@Test
	void toolMessageAndAssistantToolCallsRoundTrip() {
		ChatMessage assistant = ChatMessage
			.assistant(List.of(ToolCall.function("call_abc", "get_weather", "{\"city\":\"Jakarta\"}")));
		ChatMessage tool = ChatMessage.tool("call_abc", "31C");
		String json = this.mapper.writeValueAsString(List.of(assistant, tool));
		assertThat(json).contains("\"tool_calls\":[{\"id\":\"call_abc\",\"type\":\"function\"")
			.contains("\"tool_call_id\":\"call_abc\"")
			.doesNotContain("\"index\"");
		ChatMessage read = this.mapper.readValue(this.mapper.writeValueAsString(assistant), ChatMessage.class);
		assertThat(read).isEqualTo(assistant);
	}

	@Test
	void completionWithUnknownFieldsAndCacheUsageIsRead() {
		String json = """
				{"id":"chatcmpl-abc","object":"chat.completion","created":1778455000,"model":"epithre-omni",
				 "system_fingerprint":"fp_x","brand_new":{"a":1},
				 "choices":[{"index":0,"message":{"role":"assistant","content":"Jakarta is ...","tool_calls":null,
				   "reasoning_content":"thinking"},"finish_reason":"stop","logprobs":null}],
				 "usage":{"prompt_tokens":2450,"completion_tokens":180,"total_tokens":2630,
				   "cache_creation_input_tokens":2400,"cache_read_input_tokens":0,
				   "prompt_tokens_details":{"cached_tokens":5}}}
				""";
		ChatCompletion completion = this.mapper.readValue(json, ChatCompletion.class);
		assertThat(completion.text()).isEqualTo("Jakarta is ...");
		assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(completion.createdAt()).hasToString("2026-05-10T23:16:40Z");
		assertThat(completion.choices().get(0).message().reasoningContent()).isEqualTo("thinking");
		assertThat(completion.usage()).isEqualTo(new Usage(2450, 180, 2630, 2400, 0,
				new Usage.PromptTokensDetails(5)));
	}

	@Test
	void completionWithOnlyChoicesIsRead() {
		ChatCompletion completion = this.mapper.readValue(
				"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}",
				ChatCompletion.class);
		assertThat(completion.id()).isNull();
		assertThat(completion.model()).isNull();
		assertThat(completion.created()).isNull();
		assertThat(completion.usage()).isNull();
		assertThat(completion.finishReason()).isNull();
		assertThat(completion.text()).isEqualTo("hi");
	}

	@Test
	void usageChunkWithEmptyChoicesIsAccepted() {
		ChatCompletionChunk chunk = this.mapper.readValue(
				"{\"id\":\"chatcmpl-abc\",\"choices\":[],\"usage\":{\"prompt_tokens\":18,\"completion_tokens\":9,"
						+ "\"total_tokens\":27}}",
				ChatCompletionChunk.class);
		assertThat(chunk.choices()).isEmpty();
		assertThat(chunk.text()).isEmpty();
		assertThat(chunk.usage().totalTokens()).isEqualTo(27);
	}

	@Test
	void chunkWithoutChoicesFieldIsAccepted() {
		ChatCompletionChunk chunk = this.mapper.readValue("{\"id\":\"x\"}", ChatCompletionChunk.class);
		assertThat(chunk.choices()).isEmpty();
	}

	@Test
	void nullEntriesInChoicesAreSkipped() {
		ChatCompletionChunk chunk = this.mapper.readValue(
				"{\"choices\":[null,{\"delta\":{\"content\":\"Halo\"}},null]}", ChatCompletionChunk.class);
		assertThat(chunk.choices()).singleElement().satisfies((choice) -> assertThat(choice.index()).isZero());
		assertThat(chunk.text()).isEqualTo("Halo");
		ChatCompletion completion = this.mapper.readValue(
				"{\"choices\":[null,{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Halo\"}}]}",
				ChatCompletion.class);
		assertThat(completion.text()).isEqualTo("Halo");
	}

	@Test
	void listContentInAnAnswerIsReadAsBlocks() {
		ChatMessage message = this.mapper.readValue("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
				+ "\"text\":\"a\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:x\"}},{\"type\":\"audio\"},"
				+ "{\"type\":\"text\",\"text\":\"b\",\"cache_control\":{\"type\":\"ephemeral\"}}]}", ChatMessage.class);
		assertThat(message.text()).isEqualTo("ab");
		assertThat(message.content().parts()).extracting(ContentPart::type)
			.containsExactly("text", "image_url", "audio", "text");
		assertThat(message.content().parts().get(1).imageUrl().url()).isEqualTo("data:x");
		assertThat(message.content().parts().get(3).cacheControl()).isEqualTo(CacheControl.ephemeral());
	}

	@Test
	void toolChoiceReadsBothForms() {
		assertThat(this.mapper.readValue("\"none\"", ToolChoice.class)).isEqualTo(ToolChoice.NONE);
		assertThat(this.mapper.readValue("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}", ToolChoice.class))
			.isEqualTo(ToolChoice.function("f"));
	}

}
