package com.epithre.client.embedding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Usage of an embeddings call (docs/epithre-api.md, embeddings); every field may be absent. For a request the client
 * split, each
 * field is the sum over the parts that reported it.
 *
 * @param promptTokens input tokens
 * @param totalTokens total tokens
 * @param truncatedCount how many texts the server cut to 10,000 characters
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingUsage(@JsonProperty("prompt_tokens") @Nullable Integer promptTokens,
		@JsonProperty("total_tokens") @Nullable Integer totalTokens,
		@JsonProperty("truncated_count") @Nullable Integer truncatedCount) {

	/**
	 * Return the sum of two usages; a field absent from both stays absent.
	 * @param other the other usage, or {@code null}
	 * @return the sum
	 */
	public EmbeddingUsage plus(@Nullable EmbeddingUsage other) {
		if (other == null) {
			return this;
		}
		return new EmbeddingUsage(sum(this.promptTokens, other.promptTokens), sum(this.totalTokens, other.totalTokens),
				sum(this.truncatedCount, other.truncatedCount));
	}

	private static @Nullable Integer sum(@Nullable Integer a, @Nullable Integer b) {
		if (a == null) {
			return b;
		}
		return (b != null) ? a + b : a;
	}

}
