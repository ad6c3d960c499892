package com.epithre.client.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One choice of a chat answer (docs/epithre-api.md, chat).
 *
 * @param index position of the choice
 * @param message the assistant message
 * @param finishReason why generation stopped, see {@link FinishReason}
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatChoice(int index, @Nullable ChatMessage message,
		@JsonProperty("finish_reason") @Nullable String finishReason) {
}
