package com.epithre.client.retrieval;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code POST /v1/retrieval} (docs/epithre-api.md, retrieval).
 *
 * @param object {@code list}
 * @param results the chunks found, best first
 * @param queryTokens tokens in the query
 * @param billedTokens tokens billed for the call
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetrievalResponse(@Nullable String object, List<RetrievalResult> results,
		@JsonProperty("query_tokens") @Nullable Integer queryTokens,
		@JsonProperty("billed_tokens") @Nullable Integer billedTokens) {

	public RetrievalResponse {
		results = (results != null) ? List.copyOf(results) : List.of();
	}

}
