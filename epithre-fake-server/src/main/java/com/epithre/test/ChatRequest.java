package com.epithre.test;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the fake server reads from a chat completion request body (docs/epithre-api.md, chat).
 */
record ChatRequest(String model, boolean stream, boolean includeUsage, @Nullable ToolCall forcedToolCall,
		int promptTokens) {

	static final String DEFAULT_MODEL = "epithre-omni";

	private static final String DEFAULT_ARGUMENT = "Jakarta";

	static ChatRequest from(@Nullable JsonNode body) {
		if (body == null || !body.isObject()) {
			return new ChatRequest(DEFAULT_MODEL, false, false, null, 1);
		}
		JsonNode model = body.path("model");
		return new ChatRequest(model.isString() ? model.stringValue() : DEFAULT_MODEL,
				body.path("stream").booleanValue(false),
				body.path("stream_options").path("include_usage").booleanValue(false), forcedToolCall(body),
				promptTokens(body.path("messages")));
	}

	// docs/epithre-api.md, tool calling: "required" forces a call, a named function forces that function; "auto" and
	// "none" get text
	private static @Nullable ToolCall forcedToolCall(JsonNode body) {
		JsonNode tools = body.path("tools");
		if (!tools.isArray() || tools.isEmpty()) {
			return null;
		}
		JsonNode choice = body.path("tool_choice");
		JsonNode tool = tools.get(0);
		if (choice.isObject()) {
			String name = text(choice.path("function").path("name"), "");
			if (name.isEmpty()) {
				return null;
			}
			for (JsonNode candidate : tools) {
				if (name.equals(text(candidate.path("function").path("name"), ""))) {
					tool = candidate;
				}
			}
			return new ToolCall(name, arguments(tool.path("function").path("parameters")));
		}
		if (choice.isString() && "required".equals(choice.stringValue())) {
			JsonNode function = tool.path("function");
			return new ToolCall(text(function.path("name"), "tool"), arguments(function.path("parameters")));
		}
		return null;
	}

	private static String arguments(JsonNode parameters) {
		JsonNode properties = parameters.path("properties");
		if (!properties.isObject() || properties.isEmpty()) {
			return "{\"city\":\"" + DEFAULT_ARGUMENT + "\"}";
		}
		StringBuilder json = new StringBuilder("{");
		JsonNode required = parameters.path("required");
		for (Map.Entry<String, JsonNode> property : properties.properties()) {
			boolean wanted = !required.isArray() || required.isEmpty() || contains(required, property.getKey());
			if (wanted) {
				json.append((json.length() > 1) ? "," : "").append(Json.quote(property.getKey())).append(':')
					.append(sampleValue(text(property.getValue().path("type"), "string")));
			}
		}
		return json.append('}').toString();
	}

	private static String text(JsonNode node, String fallback) {
		return node.isString() ? node.stringValue() : fallback;
	}

	private static boolean contains(JsonNode array, String value) {
		for (JsonNode element : array) {
			if (value.equals(text(element, ""))) {
				return true;
			}
		}
		return false;
	}

	private static String sampleValue(String type) {
		return switch (type) {
			case "integer", "number" -> "1";
			case "boolean" -> "true";
			case "array" -> "[]";
			case "object" -> "{}";
			default -> Json.quote(DEFAULT_ARGUMENT);
		};
	}

	private static int promptTokens(JsonNode messages) {
		int characters = 0;
		for (JsonNode message : messages) {
			JsonNode content = message.path("content");
			if (content.isString()) {
				characters += content.stringValue().length();
			}
			for (JsonNode block : content) {
				characters += text(block.path("text"), "").length();
			}
		}
		// roughly four characters per token, plus a few tokens of chat template per message
		return Math.max(1, characters / 4 + 4 * messages.size());
	}

	/**
	 * A tool call the fake answers with.
	 */
	record ToolCall(String name, String arguments) {

	}

}
