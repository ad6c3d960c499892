package com.epithre.client.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A chat message (docs/epithre-api.md, chat): in a request, or the assistant's answer.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool} (see {@link Role})
 * @param content string or block content; {@code null} on an assistant message with tool calls only
 * @param name optional participant name
 * @param toolCalls the assistant's tool calls
 * @param toolCallId the call a {@code tool} message answers
 * @param reasoningContent reasoning text of a thinking model, when sent as a separate field (docs/epithre-api.md,
 * thinking)
 * @param refusal the assistant's refusal text, sent instead of content when the model declines to answer
 * (OpenAI-compatible, assumed); {@code null} when it did not refuse
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String role, @Nullable MessageContent content, @Nullable String name,
		@JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
		@JsonProperty("tool_call_id") @Nullable String toolCallId,
		@JsonProperty("reasoning_content") @Nullable String reasoningContent, @Nullable String refusal) {

	@JsonCreator
	public ChatMessage {
	}

	/**
	 * Create a message without a refusal.
	 * @param role the role
	 * @param content the content
	 * @param name the participant name
	 * @param toolCalls the assistant's tool calls
	 * @param toolCallId the call a {@code tool} message answers
	 * @param reasoningContent the reasoning text
	 */
	public ChatMessage(String role, @Nullable MessageContent content, @Nullable String name,
			@Nullable List<ToolCall> toolCalls, @Nullable String toolCallId, @Nullable String reasoningContent) {
		this(role, content, name, toolCalls, toolCallId, reasoningContent, null);
	}

	/**
	 * Create a system message.
	 * @param text the instructions
	 * @return the message
	 */
	public static ChatMessage system(String text) {
		return of(Role.SYSTEM, MessageContent.of(text));
	}

	/**
	 * Create a system message as one text block marked for the prompt cache: the marker only works on a block of
	 * list-form content, never on string content (docs/epithre-api.md, prompt caching). The prompt must exceed 100
	 * tokens to be
	 * cached; keep per-user data out of it.
	 * @param text the reusable instructions
	 * @return the message
	 */
	public static ChatMessage cachedSystem(String text) {
		return of(Role.SYSTEM, MessageContent.of(List.of(ContentPart.text(text).cached())));
	}

	/**
	 * Create a user message.
	 * @param text the text
	 * @return the message
	 */
	public static ChatMessage user(String text) {
		return of(Role.USER, MessageContent.of(text));
	}

	/**
	 * Create a user message from blocks, e.g. text and images.
	 * @param parts the blocks
	 * @return the message
	 */
	public static ChatMessage user(ContentPart... parts) {
		return of(Role.USER, MessageContent.of(List.of(parts)));
	}

	/**
	 * Create an assistant message, e.g. a previous answer in the history.
	 * @param text the text
	 * @return the message
	 */
	public static ChatMessage assistant(String text) {
		return of(Role.ASSISTANT, MessageContent.of(text));
	}

	/**
	 * Create an assistant message holding tool calls, to continue a tool-calling turn (docs/epithre-api.md, tool
	 * calling).
	 * @param toolCalls the calls the model made
	 * @return the message
	 */
	public static ChatMessage assistant(List<ToolCall> toolCalls) {
		return new ChatMessage(Role.ASSISTANT, null, null, toolCalls, null, null);
	}

	/**
	 * Create the result of one tool call.
	 * @param toolCallId the call id
	 * @param content the result
	 * @return the message
	 */
	public static ChatMessage tool(String toolCallId, String content) {
		return new ChatMessage(Role.TOOL, MessageContent.of(content), null, null, toolCallId, null);
	}

	private static ChatMessage of(String role, MessageContent content) {
		return new ChatMessage(role, content, null, null, null, null);
	}

	/**
	 * Return the text of the content, empty when there is none.
	 * @return the text
	 */
	public String text() {
		return (this.content != null) ? this.content.asText() : "";
	}

}
