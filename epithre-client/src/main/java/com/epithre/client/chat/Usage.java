package com.epithre.client.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Token usage of a call (docs/epithre-api.md, chat); every field may be absent.
 *
 * @param promptTokens input tokens, cached ones included
 * @param completionTokens output tokens
 * @param totalTokens input plus output tokens
 * @param cacheCreationInputTokens input tokens written to the explicit prompt cache (billed 1.25x)
 * @param cacheReadInputTokens input tokens served from a cache
 * @param promptTokensDetails OpenAI's cached-token breakdown, should Epithre ever send it
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(@JsonProperty("prompt_tokens") @Nullable Integer promptTokens,
		@JsonProperty("completion_tokens") @Nullable Integer completionTokens,
		@JsonProperty("total_tokens") @Nullable Integer totalTokens,
		@JsonProperty("cache_creation_input_tokens") @Nullable Integer cacheCreationInputTokens,
		@JsonProperty("cache_read_input_tokens") @Nullable Integer cacheReadInputTokens,
		@JsonProperty("prompt_tokens_details") @Nullable PromptTokensDetails promptTokensDetails) {

	/**
	 * OpenAI's {@code prompt_tokens_details}; not documented by Epithre (docs/epithre-api.md, chat).
	 *
	 * @param cachedTokens input tokens served from cache
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record PromptTokensDetails(@JsonProperty("cached_tokens") @Nullable Integer cachedTokens) {
	}

}
