package com.epithre.test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds chat completion bodies and stream chunks in the documented shapes (docs/epithre-api.md, chat and streaming).
 */
final class ChatPayloads {

	/** Data of a chunk cut off in the middle of its JSON. */
	static final String MALFORMED_CHUNK = "{\"id\":\"chatcmpl-x\",\"choices\":[{";

	private static final Pattern TOKEN_BOUNDARY = Pattern.compile("(?<=\\S)(?=\\s)");

	private static final int ARGUMENT_PIECE_LENGTH = 6;

	private ChatPayloads() {
	}

	/**
	 * Split a reply into word tokens that keep their leading whitespace: "Hello", " from", " the".
	 */
	static List<String> tokens(String text) {
		if (text.isEmpty()) {
			return List.of();
		}
		return List.of(TOKEN_BOUNDARY.split(text));
	}

	static List<String> argumentPieces(String arguments) {
		List<String> pieces = new ArrayList<>();
		for (int start = 0; start < arguments.length(); start += ARGUMENT_PIECE_LENGTH) {
			pieces.add(arguments.substring(start, Math.min(arguments.length(), start + ARGUMENT_PIECE_LENGTH)));
		}
		return pieces;
	}

	static int completionTokens(@Nullable String reply, ChatRequest.@Nullable ToolCall toolCall) {
		if (toolCall != null) {
			return argumentPieces(toolCall.arguments()).size() + 2;
		}
		return Math.max(1, tokens((reply != null) ? reply : "").size());
	}

	static String completion(String id, String model, @Nullable String reply, ChatRequest.@Nullable ToolCall toolCall,
			int promptTokens) {
		ObjectNode body = Json.object();
		body.put("id", id);
		body.put("object", "chat.completion");
		body.put("created", System.currentTimeMillis() / 1000);
		body.put("model", model);
		ObjectNode choice = body.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		if (toolCall != null) {
			message.putNull("content");
			ObjectNode call = message.putArray("tool_calls").addObject();
			call.put("id", Ids.toolCall());
			call.put("type", "function");
			call.putObject("function").put("name", toolCall.name()).put("arguments", toolCall.arguments());
			choice.put("finish_reason", "tool_calls");
		}
		else {
			message.put("content", reply);
			message.putNull("tool_calls");
			choice.put("finish_reason", "stop");
		}
		usage(body, promptTokens, completionTokens(reply, toolCall));
		return Json.write(body);
	}

	/**
	 * The data of each event of a stream, without {@code [DONE]}, in the order of docs/epithre-api.md, streaming.
	 */
	static List<String> chunks(String id, @Nullable String reply, ChatRequest.@Nullable ToolCall toolCall,
			boolean includeUsage, int promptTokens) {
		List<String> events = new ArrayList<>();
		ObjectNode first = chunk(id, true);
		ObjectNode roleDelta = choice(first).putObject("delta").put("role", "assistant");
		if (toolCall != null) {
			// docs/epithre-api.md, streaming (assumed: OpenAI-compatible): id, type and name once, then argument
			// pieces by index
			roleDelta.putNull("content");
			events.add(Json.write(first));
			ObjectNode header = chunk(id, false);
			ObjectNode call = toolCallDelta(choice(header).putObject("delta"));
			call.put("id", Ids.toolCall());
			call.put("type", "function");
			call.putObject("function").put("name", toolCall.name()).put("arguments", "");
			events.add(Json.write(header));
			for (String piece : argumentPieces(toolCall.arguments())) {
				ObjectNode fragment = chunk(id, false);
				toolCallDelta(choice(fragment).putObject("delta")).putObject("function").put("arguments", piece);
				events.add(Json.write(fragment));
			}
		}
		else {
			roleDelta.put("content", "");
			events.add(Json.write(first));
			for (String token : tokens((reply != null) ? reply : "")) {
				ObjectNode content = chunk(id, false);
				choice(content).putObject("delta").put("content", token);
				events.add(Json.write(content));
			}
		}
		ObjectNode last = chunk(id, false);
		ObjectNode lastChoice = choice(last);
		lastChoice.putObject("delta");
		lastChoice.put("finish_reason", (toolCall != null) ? "tool_calls" : "stop");
		events.add(Json.write(last));
		if (includeUsage) {
			// docs/epithre-api.md, streaming: the usage chunk has empty choices
			ObjectNode usage = chunk(id, false);
			usage.putArray("choices");
			usage(usage, promptTokens, completionTokens(reply, toolCall));
			events.add(Json.write(usage));
		}
		return events;
	}

	private static ObjectNode chunk(String id, boolean first) {
		ObjectNode chunk = Json.object();
		chunk.put("id", id);
		if (first) {
			chunk.put("object", "chat.completion.chunk");
		}
		return chunk;
	}

	private static ObjectNode choice(ObjectNode chunk) {
		return chunk.putArray("choices").addObject().put("index", 0);
	}

	private static ObjectNode toolCallDelta(ObjectNode delta) {
		ArrayNode calls = delta.putArray("tool_calls");
		return calls.addObject().put("index", 0);
	}

	private static void usage(ObjectNode target, int promptTokens, int completionTokens) {
		target.putObject("usage")
			.put("prompt_tokens", promptTokens)
			.put("completion_tokens", completionTokens)
			.put("total_tokens", promptTokens + completionTokens)
			.put("cache_creation_input_tokens", 0)
			.put("cache_read_input_tokens", 0);
	}

}
