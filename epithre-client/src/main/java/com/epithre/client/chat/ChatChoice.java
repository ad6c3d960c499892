package com.epithre.client.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One choice of a chat answer (docs/epithre-api.md, chat). A choice sent without {@code index} is read with
 * {@link ChunkChoice#MISSING_INDEX}, which the enclosing {@link ChatCompletion} replaces with the choice's position in
 * its {@code choices} array.
 *
 * @param index position of the choice
 * @param message the assistant message
 * @param finishReason why generation stopped, see {@link FinishReason}
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatChoice(int index, @Nullable ChatMessage message,
		@JsonProperty("finish_reason") @Nullable String finishReason) {

	/**
	 * Create a choice as read from JSON, where {@code index} may be missing.
	 * @param index the index, or {@code null} when the server sent none
	 * @param message the assistant message
	 * @param finishReason the finish reason
	 * @return the choice, with {@link ChunkChoice#MISSING_INDEX} for a missing index
	 * @since 0.1.0
	 */
	@JsonCreator
	public static ChatChoice of(@JsonProperty("index") @Nullable Integer index,
			@JsonProperty("message") @Nullable ChatMessage message,
			@JsonProperty("finish_reason") @Nullable String finishReason) {
		return new ChatChoice((index != null) ? index : ChunkChoice.MISSING_INDEX, message, finishReason);
	}

	ChatChoice withIndexOr(int position) {
		return (this.index >= 0) ? this : new ChatChoice(position, this.message, this.finishReason);
	}

}
