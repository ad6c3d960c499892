package com.epithre.client.chat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCompletionAccumulatorTests {

	@Test
	void textChunksFinishReasonAndUsageAreMerged() {
		Flux<ChatCompletionChunk> chunks = Flux.just(chunk("chatcmpl-1", new ChatDelta("assistant", "", null, null), null),
				chunk(null, new ChatDelta(null, "Jakarta ", null, null), null),
				chunk("chatcmpl-1", new ChatDelta(null, "is big", null, null), null),
				chunk("chatcmpl-1", new ChatDelta(null, null, null, null), FinishReason.STOP),
				new ChatCompletionChunk("chatcmpl-1", null, null, null, List.of(), new Usage(18, 9, 27, null, null, null)));
		StepVerifier.create(ChatCompletionAccumulator.accumulate(chunks)).assertNext((completion) -> {
			assertThat(completion.id()).isEqualTo("chatcmpl-1");
			assertThat(completion.text()).isEqualTo("Jakarta is big");
			assertThat(completion.finishReason()).isEqualTo("stop");
			assertThat(completion.usage().totalTokens()).isEqualTo(27);
			assertThat(completion.choices().get(0).message().role()).isEqualTo("assistant");
			assertThat(completion.toolCalls()).isEmpty();
		}).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void toolCallFragmentsAreMergedByIndexWithFirstNonEmptyIdAndName() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(toolChunk(new ToolCall(0, "call_a", "function", new FunctionCall("get_weather", ""))));
		accumulator.accept(toolChunk(new ToolCall(1, "", null, new FunctionCall("", "{\"q\":"))));
		accumulator.accept(toolChunk(new ToolCall(0, "call_a", null, new FunctionCall(null, "{\"city\""))));
		accumulator.accept(toolChunk(new ToolCall(1, "call_b", "function", new FunctionCall("search", "\"x\"}"))));
		accumulator.accept(toolChunk(new ToolCall(0, null, null, new FunctionCall(null, ":\"Jakarta\"}"))));
		accumulator.accept(toolChunk(new ToolCall(1, "call_other", null, new FunctionCall("ignored", null))));
		accumulator.accept(chunk(null, new ChatDelta(null, null, null, null), FinishReason.TOOL_CALLS));
		ChatCompletion completion = accumulator.toCompletion();
		assertThat(completion.toolCalls()).containsExactly(
				new ToolCall(null, "call_a", "function", new FunctionCall("get_weather", "{\"city\":\"Jakarta\"}")),
				new ToolCall(null, "call_b", "function", new FunctionCall("search", "{\"q\":\"x\"}")));
		assertThat(completion.finishReason()).isEqualTo("tool_calls");
		assertThat(completion.choices().get(0).message().content()).isNull();
	}

	@Test
	void fragmentsWithoutIndexOrIdStillFormCalls() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(toolChunk(new ToolCall(null, null, null, new FunctionCall("f", "{}"))));
		assertThat(accumulator.toCompletion().toolCalls())
			.containsExactly(new ToolCall(null, null, "function", new FunctionCall("f", "{}")));
	}

	@Test
	void fragmentsWithoutIndexContinueTheLastCallUntilANewIdArrives() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(toolChunk(new ToolCall(null, "call_a", "function", new FunctionCall("f", "{\"a\""))));
		accumulator.accept(toolChunk(new ToolCall(null, null, null, new FunctionCall(null, ":1}"))));
		accumulator.accept(toolChunk(new ToolCall(null, "", null, new FunctionCall("", ""))));
		accumulator.accept(toolChunk(new ToolCall(null, "call_b", "function", new FunctionCall("g", "{}"))));
		assertThat(accumulator.toCompletion().toolCalls()).containsExactly(
				new ToolCall(null, "call_a", "function", new FunctionCall("f", "{\"a\":1}")),
				new ToolCall(null, "call_b", "function", new FunctionCall("g", "{}")));
	}

	@Test
	void fragmentsWithoutIndexOfTwoInterleavedCallsGoToTheCallWithTheirId() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(chunk("c", new ChatDelta(null, null,
				List.of(new ToolCall(null, "call_a", "function", new FunctionCall("wa", "{")),
						new ToolCall(null, "call_b", "function", new FunctionCall("wb", "{"))),
				null), null));
		accumulator.accept(chunk("c", new ChatDelta(null, null,
				List.of(new ToolCall(null, "call_a", null, new FunctionCall(null, "}")),
						new ToolCall(null, "call_b", null, new FunctionCall(null, "}"))),
				null), null));
		assertThat(accumulator.toCompletion().toolCalls()).containsExactly(
				new ToolCall(null, "call_a", "function", new FunctionCall("wa", "{}")),
				new ToolCall(null, "call_b", "function", new FunctionCall("wb", "{}")));
	}

	@Test
	void lastNonEmptyFinishReasonWinsAndRefusalPiecesAreConcatenated() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(chunk("c", new ChatDelta("assistant", null, null, null, "Sorry, "), null));
		accumulator.accept(chunk("c", new ChatDelta(null, null, null, null, "no."), FinishReason.STOP));
		accumulator.accept(chunk("c", new ChatDelta(null, null, null, null), ""));
		accumulator.accept(chunk("c", null, null));
		ChatCompletion completion = accumulator.toCompletion();
		assertThat(completion.finishReason()).isEqualTo("stop");
		assertThat(completion.refusal()).isEqualTo("Sorry, no.");
		assertThat(completion.choices().get(0).message().refusal()).isEqualTo("Sorry, no.");
	}

	@Test
	void reasoningAndSeveralChoicesAreKeptApart() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulator.accept(new ChatCompletionChunk("c", null, 1L, "epithre-prme",
				List.of(new ChunkChoice(1, new ChatDelta(null, "second", null, null), null),
						new ChunkChoice(0, new ChatDelta(null, null, null, "hmm "), null)),
				null));
		accumulator.accept(chunk("c", new ChatDelta(null, "first", null, "ok"), FinishReason.LENGTH));
		ChatCompletion completion = accumulator.toCompletion();
		assertThat(completion.model()).isEqualTo("epithre-prme");
		assertThat(completion.created()).isEqualTo(1L);
		assertThat(completion.choices()).hasSize(2);
		assertThat(completion.choices().get(0).message().text()).isEqualTo("first");
		assertThat(completion.choices().get(0).message().reasoningContent()).isEqualTo("hmm ok");
		assertThat(completion.choices().get(0).finishReason()).isEqualTo("length");
		assertThat(completion.choices().get(1).message().text()).isEqualTo("second");
	}

	@Test
	void aFailedStreamFailsTheAccumulation() {
		Flux<ChatCompletionChunk> chunks = Flux.concat(
				Flux.just(chunk("c", new ChatDelta(null, "partial", null, null), null)),
				Flux.error(new IllegalStateException("cut")));
		StepVerifier.create(ChatCompletionAccumulator.accumulate(chunks))
			.expectErrorMessage("cut")
			.verify(Duration.ofSeconds(5));
	}

	private static ChatCompletionChunk chunk(String id, ChatDelta delta, String finishReason) {
		return new ChatCompletionChunk(id, null, null, null, List.of(new ChunkChoice(0, delta, finishReason)), null);
	}

	private static ChatCompletionChunk toolChunk(ToolCall fragment) {
		return chunk("c", new ChatDelta(null, null, List.of(fragment), null), null);
	}

}
