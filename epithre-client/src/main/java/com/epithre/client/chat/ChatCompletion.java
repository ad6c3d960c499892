package com.epithre.client.chat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.jspecify.annotations.Nullable;

/**
 * A chat answer (docs/epithre-api.md, chat); {@code object}, {@code created} and {@code model} may be absent.
 *
 * @param id the answer id, e.g. {@code chatcmpl-abc}
 * @param object {@code chat.completion}
 * @param created creation time in Unix seconds
 * @param model the model that answered
 * @param choices the choices, usually one; a choice without {@code index} gets its position in this list, and a
 * {@code null} entry in the JSON is skipped
 * @param usage token usage
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(@Nullable String id, @Nullable String object, @Nullable Long created,
		@Nullable String model, @JsonSetter(contentNulls = Nulls.SKIP) List<ChatChoice> choices,
		@Nullable Usage usage) {

	public ChatCompletion {
		choices = (choices != null) ? resolveIndexes(List.copyOf(choices)) : List.of();
	}

	private static List<ChatChoice> resolveIndexes(List<ChatChoice> choices) {
		// a choice sent without "index" is the one at its position in the array
		for (int i = 0; i < choices.size(); i++) {
			if (choices.get(i).index() < 0) {
				ChatChoice[] resolved = choices.toArray(new ChatChoice[0]);
				for (int j = i; j < resolved.length; j++) {
					resolved[j] = resolved[j].withIndexOr(j);
				}
				return List.of(resolved);
			}
		}
		return choices;
	}

	/**
	 * Return the text of the first choice, empty when there is none.
	 * @return the answer text
	 */
	@JsonIgnore
	public String text() {
		ChatMessage message = firstMessage();
		return (message != null) ? message.text() : "";
	}

	/**
	 * Return the tool calls of the first choice.
	 * @return the calls, empty when none
	 */
	@JsonIgnore
	public List<ToolCall> toolCalls() {
		ChatMessage message = firstMessage();
		return (message != null && message.toolCalls() != null) ? message.toolCalls() : List.of();
	}

	/**
	 * Return the refusal of the first choice: the text sent instead of content when the model declines to answer.
	 * @return the refusal or {@code null} when the model did not refuse
	 */
	@JsonIgnore
	public @Nullable String refusal() {
		ChatMessage message = firstMessage();
		return (message != null) ? message.refusal() : null;
	}

	/**
	 * Return the finish reason of the first choice.
	 * @return the reason or {@code null}
	 */
	@JsonIgnore
	public @Nullable String finishReason() {
		return this.choices.isEmpty() ? null : this.choices.get(0).finishReason();
	}

	/**
	 * Return {@link #created()} as an instant.
	 * @return the creation time or {@code null}
	 */
	@JsonIgnore
	public @Nullable Instant createdAt() {
		return (this.created != null) ? Instant.ofEpochSecond(this.created) : null;
	}

	private @Nullable ChatMessage firstMessage() {
		return this.choices.isEmpty() ? null : this.choices.get(0).message();
	}

}
