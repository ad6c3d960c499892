package com.epithre.client.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One choice of a stream chunk (docs/epithre-api.md, streaming).
 *
 * @param index the choice it belongs to
 * @param delta the new piece
 * @param finishReason set on the choice's last chunk
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkChoice(int index, @Nullable ChatDelta delta,
		@JsonProperty("finish_reason") @Nullable String finishReason) {
}
