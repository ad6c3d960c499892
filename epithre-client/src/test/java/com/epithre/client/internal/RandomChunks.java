package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatDelta;
import com.epithre.client.chat.ChunkChoice;
import com.epithre.client.chat.FunctionCall;
import com.epithre.client.chat.ToolCall;
import com.epithre.client.chat.Usage;

/**
 * Seeded random chat chunks (docs/epithre-api.md, streaming and tool calling): several choices, text, reasoning and
 * tool-call fragments with
 * repeated, empty or missing ids, plus the text and arguments a correct merge must produce.
 */
final class RandomChunks {

	private static final JsonMapper MAPPER = JsonMapper.shared();

	private RandomChunks() {
	}

	static List<ChatCompletionChunk> chunks(Random random) {
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		int count = random.nextInt(30);
		for (int i = 0; i < count; i++) {
			List<ChunkChoice> choices = new ArrayList<>();
			int choiceCount = random.nextInt(3);
			for (int c = 0; c < choiceCount; c++) {
				choices.add(new ChunkChoice(random.nextInt(3), delta(random),
						(random.nextInt(8) == 0) ? "stop" : null));
			}
			Usage usage = (random.nextInt(10) == 0) ? new Usage(random.nextInt(100), random.nextInt(100), null,
					null, null, null) : null;
			chunks.add(new ChatCompletionChunk(random.nextBoolean() ? "chatcmpl-" + random.nextInt(3) : null, null,
					random.nextBoolean() ? 1_778_765_156L : null, null, choices, usage));
		}
		return chunks;
	}

	private static @Nullable ChatDelta delta(Random random) {
		if (random.nextInt(10) == 0) {
			return null;
		}
		List<ToolCall> toolCalls = null;
		if (random.nextInt(3) == 0) {
			toolCalls = new ArrayList<>();
			int fragments = 1 + random.nextInt(2);
			for (int f = 0; f < fragments; f++) {
				String id = switch (random.nextInt(3)) {
					case 0 -> null;
					case 1 -> "";
					default -> "call_" + random.nextInt(3);
				};
				toolCalls.add(new ToolCall(random.nextInt(2), id, random.nextBoolean() ? "function" : null,
						new FunctionCall(random.nextBoolean() ? "fn" : null, SseStreamFuzzTests.text(random, 6))));
			}
		}
		return new ChatDelta(random.nextBoolean() ? "assistant" : null,
				random.nextBoolean() ? SseStreamFuzzTests.text(random, 10) : null, toolCalls,
				(random.nextInt(5) == 0) ? SseStreamFuzzTests.text(random, 5) : null);
	}

	/**
	 * Return one SSE frame carrying the chunk, with a random line end and now and then a comment before it.
	 */
	static byte[] frame(ChatCompletionChunk chunk, Random random) {
		String end = switch (random.nextInt(3)) {
			case 0 -> "\n";
			case 1 -> "\r\n";
			default -> "\r";
		};
		String comment = (random.nextInt(5) == 0) ? ": ping" + end : "";
		return (comment + "data:" + (random.nextBoolean() ? " " : "") + MAPPER.writeValueAsString(chunk) + end + end)
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Return the JSON of a chunk whose first choice adds the given text.
	 */
	static String json(String text) {
		return MAPPER.writeValueAsString(new ChatCompletionChunk("chatcmpl-z", null, null, null,
				List.of(new ChunkChoice(0, new ChatDelta(null, text, null, null), null)), null));
	}

	/**
	 * Return chunk-like JSON with random parts broken, missing, null or of the wrong type.
	 */
	static String mangledJson(Random random) {
		String[] choices = { "[]", "null", "[null]", "[{}]", "[{\"index\":null}]", "[{\"index\":\"x\"}]",
				"[{\"index\":0,\"delta\":null}]", "[{\"index\":0,\"delta\":{\"content\":null}}]",
				"[{\"index\":0,\"delta\":{\"content\":7}}]", "[{\"index\":0,\"delta\":{\"tool_calls\":null}}]",
				"[{\"index\":0,\"delta\":{\"tool_calls\":[]}}]", "[{\"index\":0,\"delta\":{\"tool_calls\":[{}]}}]",
				"[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":null}]}}]",
				"[{\"index\":-1,\"delta\":{\"tool_calls\":[{\"index\":-5,\"function\":{\"arguments\":\"{\"}}]}}]",
				"[{\"index\":2147483647,\"delta\":{\"content\":\"x\"}}]", "[{\"index\":0,\"delta\":\"text\"}]",
				"{\"index\":0}" };
		String[] usages = { "null", "{}", "{\"total_tokens\":\"many\"}", "{\"total_tokens\":1e99}", "[]" };
		StringBuilder json = new StringBuilder("{");
		if (random.nextBoolean()) {
			json.append("\"id\":").append(random.nextBoolean() ? "\"c\"" : "null").append(',');
		}
		json.append("\"choices\":").append(choices[random.nextInt(choices.length)]);
		if (random.nextInt(3) == 0) {
			json.append(",\"usage\":").append(usages[random.nextInt(usages.length)]);
		}
		json.append('}');
		String text = json.toString();
		if (random.nextInt(4) == 0) {
			text = text.substring(0, random.nextInt(text.length()));
		}
		return text;
	}

	/**
	 * Return what a correct merge shows as the text of a choice: its content pieces joined, empty when there were
	 * none, and {@code null} when the choice holds only tool calls.
	 */
	static @Nullable String expectedText(List<ChatCompletionChunk> chunks, int index) {
		StringBuilder text = null;
		boolean toolCalls = false;
		for (ChatCompletionChunk chunk : chunks) {
			for (ChunkChoice choice : chunk.choices()) {
				if (choice.index() != index || choice.delta() == null) {
					continue;
				}
				if (choice.delta().content() != null) {
					text = ((text != null) ? text : new StringBuilder()).append(choice.delta().content());
				}
				toolCalls |= choice.delta().toolCalls() != null && !choice.delta().toolCalls().isEmpty();
			}
		}
		return (text != null) ? text.toString() : toolCalls ? null : "";
	}

	/**
	 * Return the arguments of each tool call of a choice, fragments joined in order, by tool-call index.
	 */
	static List<String> expectedArguments(List<ChatCompletionChunk> chunks, int index) {
		Map<Integer, StringBuilder> arguments = new TreeMap<>();
		for (ChatCompletionChunk chunk : chunks) {
			for (ChunkChoice choice : chunk.choices()) {
				if (choice.index() != index || choice.delta() == null || choice.delta().toolCalls() == null) {
					continue;
				}
				for (ToolCall call : choice.delta().toolCalls()) {
					arguments.computeIfAbsent(call.index(), (key) -> new StringBuilder())
						.append(call.function().arguments());
				}
			}
		}
		return arguments.values().stream().map(StringBuilder::toString).toList();
	}

}
