package com.epithre.client.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One choice of a stream chunk (docs/epithre-api.md, streaming). A choice sent without {@code index} is read with
 * {@link #MISSING_INDEX}, which the enclosing {@link ChatCompletionChunk} replaces with the choice's position in its
 * {@code choices} array (docs/streaming.md, lenient reading).
 *
 * @param index the choice it belongs to; {@link #MISSING_INDEX} only on a choice read on its own without one
 * @param delta the new piece
 * @param finishReason set on the choice's last chunk
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkChoice(int index, @Nullable ChatDelta delta,
		@JsonProperty("finish_reason") @Nullable String finishReason) {

	/** The index of a choice the server sent without one, until its chunk resolves it to the array position. */
	public static final int MISSING_INDEX = -1;

	/**
	 * Create a choice as read from JSON, where {@code index} may be missing.
	 * @param index the index, or {@code null} when the server sent none
	 * @param delta the new piece
	 * @param finishReason the finish reason
	 * @return the choice, with {@link #MISSING_INDEX} for a missing index
	 * @since 0.1.0
	 */
	@JsonCreator
	public static ChunkChoice of(@JsonProperty("index") @Nullable Integer index,
			@JsonProperty("delta") @Nullable ChatDelta delta,
			@JsonProperty("finish_reason") @Nullable String finishReason) {
		return new ChunkChoice((index != null) ? index : MISSING_INDEX, delta, finishReason);
	}

	/**
	 * Return this choice with a missing (negative) index replaced by a position.
	 * @param position the choice's position in its {@code choices} array
	 * @return this choice, or a copy with the position as its index
	 */
	ChunkChoice withIndexOr(int position) {
		return (this.index >= 0) ? this : new ChunkChoice(position, this.delta, this.finishReason);
	}

}
