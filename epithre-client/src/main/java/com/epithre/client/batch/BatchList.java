package com.epithre.client.batch;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code GET /v1/batches}, newest first (docs/epithre-api.md, batches).
 *
 * @param object {@code list}
 * @param data the batches
 * @param hasMore whether older batches exist (assumed OpenAI-compatible); {@code false} when the answer leaves it out
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchList(@Nullable String object, List<Batch> data,
		@JsonProperty("has_more") @JsonSetter(nulls = Nulls.AS_EMPTY) boolean hasMore) {

	public BatchList {
		data = (data != null) ? List.copyOf(data) : List.of();
	}

}
