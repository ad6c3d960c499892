package com.epithre.client.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The {@code delta} of a stream chunk (docs/epithre-api.md, streaming): the new piece of the assistant message.
 *
 * @param role set on the first chunk
 * @param content the next piece of text
 * @param toolCalls tool-call fragments, merged by their {@code index}
 * @param reasoningContent the next piece of reasoning (docs/epithre-api.md, thinking, assumed)
 * @param refusal the next piece of a refusal, sent instead of content when the model declines to answer
 * (OpenAI-compatible, assumed); {@link ChatCompletionAccumulator} concatenates the pieces into
 * {@link ChatMessage#refusal()}
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatDelta(@Nullable String role, @Nullable String content,
		@JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
		@JsonProperty("reasoning_content") @Nullable String reasoningContent, @Nullable String refusal) {

	@JsonCreator
	public ChatDelta {
	}

	/**
	 * Create a delta without a refusal.
	 * @param role the role, on the first chunk
	 * @param content the next piece of text
	 * @param toolCalls tool-call fragments
	 * @param reasoningContent the next piece of reasoning
	 */
	public ChatDelta(@Nullable String role, @Nullable String content, @Nullable List<ToolCall> toolCalls,
			@Nullable String reasoningContent) {
		this(role, content, toolCalls, reasoningContent, null);
	}

}
