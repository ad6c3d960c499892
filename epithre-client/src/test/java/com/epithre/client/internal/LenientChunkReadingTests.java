package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.ExchangeStrategies;

import com.epithre.client.chat.ChatChoice;
import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionAccumulator;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatDelta;
import com.epithre.client.chat.ChatMessage;
import com.epithre.client.chat.ChunkChoice;
import com.epithre.client.chat.ToolCall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chunks and answers as the application's Jackson codec reads them, with the deviations docs/streaming.md lists as
 * read leniently.
 */
class LenientChunkReadingTests {

	private final JsonReader json = JsonReader.from(ExchangeStrategies.withDefaults());

	@Test
	void chunkChoiceWithoutIndexTakesItsPositionInTheArray() {
		ChatCompletionChunk chunk = chunk("""
				{"id":"c","choices":[{"delta":{"content":"first"}},{"delta":{"content":"second"}}]}""");
		assertThat(chunk.choices()).extracting(ChunkChoice::index).containsExactly(0, 1);
		assertThat(chunk.text()).isEqualTo("first");
	}

	@Test
	void chunkChoicesWithAndWithoutIndexKeepTheSentOnes() {
		ChatCompletionChunk chunk = chunk("""
				{"choices":[{"index":1,"delta":{"content":"b"}},{"delta":{"content":"a"}}]}""");
		assertThat(chunk.choices()).extracting(ChunkChoice::index).containsExactly(1, 1);
		ChatCompletionChunk indexed = chunk("""
				{"choices":[{"index":3,"delta":{"content":"x"},"finish_reason":"stop"}]}""");
		assertThat(indexed.choices().get(0)).isEqualTo(new ChunkChoice(3, new ChatDelta(null, "x", null, null), "stop"));
	}

	@Test
	void aChunkChoiceReadOnItsOwnWithoutIndexIsMarkedMissing() {
		ChunkChoice choice = this.json.read(bytes("{\"delta\":{\"content\":\"x\"}}"), ChunkChoice.class);
		assertThat(choice.index()).isEqualTo(ChunkChoice.MISSING_INDEX);
	}

	@Test
	void answerChoiceWithoutIndexTakesItsPositionInTheArray() {
		ChatCompletion completion = this.json.read(bytes("""
				{"id":"c","choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"},
				{"message":{"role":"assistant","content":"ho"}}]}"""), ChatCompletion.class);
		assertThat(completion.choices()).extracting(ChatChoice::index).containsExactly(0, 1);
		assertThat(completion.text()).isEqualTo("hi");
		assertThat(completion.finishReason()).isEqualTo("stop");
	}

	@Test
	void deltaRefusalIsRead() {
		ChatCompletionChunk chunk = chunk("""
				{"choices":[{"index":0,"delta":{"role":"assistant","refusal":"I can't"}}]}""");
		assertThat(chunk.choices().get(0).delta().refusal()).isEqualTo("I can't");
		assertThat(chunk.choices().get(0).delta().content()).isNull();
	}

	@Test
	void messageRefusalIsReadFromAnAnswer() {
		ChatCompletion completion = this.json.read(bytes("""
				{"choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"No."},
				"finish_reason":"stop"}]}"""), ChatCompletion.class);
		assertThat(completion.refusal()).isEqualTo("No.");
		assertThat(completion.choices().get(0).message().refusal()).isEqualTo("No.");
		assertThat(completion.text()).isEmpty();
	}

	@Test
	void refusalOnlyStreamKeepsTheRefusalInTheAccumulatedAnswer() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(chunk("""
				{"id":"c","choices":[{"index":0,"delta":{"role":"assistant","refusal":"I can't "}}]}"""));
		accumulator.accept(chunk("""
				{"id":"c","choices":[{"delta":{"refusal":"help with that."}}]}"""));
		accumulator.accept(chunk("""
				{"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""));
		ChatCompletion completion = accumulator.toCompletion();
		assertThat(completion.refusal()).isEqualTo("I can't help with that.");
		assertThat(completion.text()).isEmpty();
		assertThat(completion.finishReason()).isEqualTo("stop");
	}

	@Test
	void toolCallSplitOverChunksWithoutIndexIsOneCall() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(chunk("""
				{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_a","type":"function",
				"function":{"name":"get_weather","arguments":"{\\"city\\""}}]}}]}"""));
		accumulator.accept(chunk("""
				{"choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":":\\"Jakarta\\"}"}}]}}]}"""));
		accumulator.accept(chunk("""
				{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"""));
		assertThat(accumulator.toCompletion().toolCalls()).containsExactly(
				ToolCall.function("call_a", "get_weather", "{\"city\":\"Jakarta\"}"));
	}

	@Test
	void fragmentWithoutIndexButWithANewIdStartsANewCall() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(chunk("""
				{"choices":[{"delta":{"tool_calls":[{"id":"call_a","function":{"name":"f","arguments":"{"}}]}}]}"""));
		accumulator.accept(chunk("""
				{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"}"}}]}}]}"""));
		accumulator.accept(chunk("""
				{"choices":[{"delta":{"tool_calls":[{"id":"call_b","function":{"name":"g","arguments":"[]"}}]}}]}"""));
		accumulator.accept(chunk("""
				{"choices":[{"delta":{"tool_calls":[{"id":"call_b","function":{"arguments":"!"}}]}}]}"""));
		assertThat(accumulator.toCompletion().toolCalls()).containsExactly(ToolCall.function("call_a", "f", "{}"),
				ToolCall.function("call_b", "g", "[]!"));
	}

	@Test
	void emptyOrNullFinishReasonAfterStopKeepsStop() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(chunk("""
				{"choices":[{"index":0,"delta":{"content":"done"},"finish_reason":"stop"}]}"""));
		accumulator.accept(chunk("""
				{"choices":[{"index":0,"delta":{},"finish_reason":""}]}"""));
		accumulator.accept(chunk("""
				{"choices":[{"index":0,"delta":{},"finish_reason":null}]}"""));
		assertThat(accumulator.toCompletion().finishReason()).isEqualTo("stop");
		accumulator.accept(chunk("""
				{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"""));
		assertThat(accumulator.toCompletion().finishReason()).isEqualTo("length");
	}

	@Test
	void refusalAndChoicesStillWriteTheirWireNames() {
		JsonMapper mapper = JsonMapper.builder().build();
		JsonNode node = mapper.readTree(mapper.writeValueAsString(new ChatCompletion("c", null, null, null,
				List.of(new ChatChoice(0, new ChatMessage("assistant", null, null, null, null, null, "No."), "stop")),
				null)));
		assertThat(node.get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
		assertThat(node.get("choices").get(0).get("index").asInt()).isZero();
		assertThat(node.get("choices").get(0).get("message").get("refusal").asString()).isEqualTo("No.");
		assertThat(mapper.writeValueAsString(new ChatDelta(null, "x", null, null))).isEqualTo("{\"content\":\"x\"}");
	}

	private ChatCompletionChunk chunk(String text) {
		return this.json.read(bytes(text), ChatCompletionChunk.class);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
