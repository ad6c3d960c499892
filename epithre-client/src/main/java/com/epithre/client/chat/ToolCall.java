package com.epithre.client.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A tool call of an assistant message, or a fragment of one in a stream chunk where {@link #index()} says which call
 * it belongs to (docs/epithre-api.md, streaming and tool calling).
 *
 * @param index position of the call in the turn (stream fragments only)
 * @param id the call id, e.g. {@code call_abc}
 * @param type {@code function}
 * @param function the function name and arguments
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(@Nullable Integer index, @Nullable String id, @Nullable String type,
		@Nullable FunctionCall function) {

	/**
	 * Create a function call as sent back in an assistant message.
	 * @param id the call id
	 * @param name the function name
	 * @param arguments the JSON arguments
	 * @return the call
	 */
	public static ToolCall function(String id, String name, String arguments) {
		return new ToolCall(null, id, "function", new FunctionCall(name, arguments));
	}

}
