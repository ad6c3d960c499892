package com.epithre.client.retrieval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Body of {@code POST /v1/retrieval} (docs/epithre-api.md, retrieval). Build one with {@link #builder(String)}.
 *
 * @param query the query; embedded server-side and not logged
 * @param fileIds the knowledge files to search; all processed ones by default
 * @param topK how many chunks to return, 1-50 (the server's default is 5)
 * @param instruction a prefix for the query
 * @param extraBody fields the API accepts but this record does not model, merged into the JSON as they are
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetrievalRequest(String query, @JsonProperty("file_ids") @Nullable List<String> fileIds,
		@JsonProperty("top_k") @Nullable Integer topK, @Nullable String instruction,
		@JsonAnyGetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extraBody) {

	/** Largest {@code top_k} (docs/epithre-api.md, retrieval). */
	public static final int MAX_TOP_K = 50;

	public RetrievalRequest {
		Assert.hasText(query, "query must not be empty (docs/epithre-api.md, retrieval)");
		fileIds = (fileIds != null) ? List.copyOf(fileIds) : null;
		if (topK != null) {
			int value = topK;
			Assert.isTrue(value >= 1 && value <= MAX_TOP_K,
					() -> "topK must be between 1 and 50 (docs/epithre-api.md, retrieval), was " + value);
		}
		extraBody = (extraBody != null) ? Map.copyOf(extraBody) : Map.of();
	}

	/**
	 * Start a request.
	 * @param query the query
	 * @return a builder
	 */
	public static Builder builder(String query) {
		return new Builder(query);
	}

	/**
	 * Builder of {@link RetrievalRequest}.
	 */
	public static final class Builder {

		private final String query;

		private @Nullable List<String> fileIds;

		private @Nullable Integer topK;

		private @Nullable String instruction;

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private Builder(String query) {
			this.query = query;
		}

		public Builder fileIds(String... fileIds) {
			return fileIds(List.of(fileIds));
		}

		public Builder fileIds(@Nullable List<String> fileIds) {
			this.fileIds = fileIds;
			return this;
		}

		public Builder topK(@Nullable Integer topK) {
			this.topK = topK;
			return this;
		}

		public Builder instruction(@Nullable String instruction) {
			this.instruction = instruction;
			return this;
		}

		/**
		 * Add a field that this request does not model; it is written into the JSON as it is.
		 * @param name the JSON field name
		 * @param value its value
		 * @return this builder
		 */
		public Builder extraBody(String name, Object value) {
			this.extraBody.put(name, value);
			return this;
		}

		public RetrievalRequest build() {
			return new RetrievalRequest(this.query, this.fileIds, this.topK, this.instruction, this.extraBody);
		}

	}

}
