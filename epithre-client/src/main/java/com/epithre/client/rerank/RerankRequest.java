package com.epithre.client.rerank;

import java.util.ArrayList;
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
 * Body of {@code POST /v1/rerank} (docs/epithre-api.md, rerank). Build one with {@link #builder(String)}.
 *
 * @param model the reranker, {@code epithre-rerank}
 * @param query the query
 * @param documents the documents to score, 1-64
 * @param topN how many of the best results to return; all by default
 * @param returnDocuments whether each result carries its document's text
 * @param instruction replaces the built-in, Indonesian-tuned instruction
 * @param extraBody fields the API accepts but this record does not model, merged into the JSON as they are
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RerankRequest(String model, String query, List<String> documents,
		@JsonProperty("top_n") @Nullable Integer topN,
		@JsonProperty("return_documents") @Nullable Boolean returnDocuments, @Nullable String instruction,
		@JsonAnyGetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extraBody) {

	/** The reranker (docs/epithre-api.md, models). */
	public static final String DEFAULT_MODEL = "epithre-rerank";

	/** Documents per request (docs/epithre-api.md, rerank). */
	public static final int MAX_DOCUMENTS = 64;

	public RerankRequest {
		Assert.hasText(model, "model must not be empty");
		Assert.notNull(query, "query must not be null");
		Assert.isTrue(documents != null && !documents.isEmpty(),
				"documents must hold 1 to 64 documents (docs/epithre-api.md, rerank), was none");
		int count = documents.size();
		Assert.isTrue(count <= MAX_DOCUMENTS,
				() -> "documents must hold 1 to 64 documents (docs/epithre-api.md, rerank), was " + count);
		Assert.noNullElements(documents, "documents must not contain null");
		documents = List.copyOf(documents);
		if (topN != null) {
			int value = topN;
			Assert.isTrue(value >= 1, () -> "topN must be at least 1 (docs/epithre-api.md, rerank), was " + value);
		}
		extraBody = (extraBody != null) ? Map.copyOf(extraBody) : Map.of();
	}

	/**
	 * Start a request for {@value #DEFAULT_MODEL}.
	 * @param query the query
	 * @return a builder
	 */
	public static Builder builder(String query) {
		return new Builder(query);
	}

	/**
	 * Builder of {@link RerankRequest}.
	 */
	public static final class Builder {

		private final String query;

		private String model = DEFAULT_MODEL;

		private final List<String> documents = new ArrayList<>();

		private @Nullable Integer topN;

		private @Nullable Boolean returnDocuments;

		private @Nullable String instruction;

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private Builder(String query) {
			this.query = query;
		}

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		public Builder document(String document) {
			this.documents.add(document);
			return this;
		}

		public Builder documents(String... documents) {
			return documents(List.of(documents));
		}

		public Builder documents(List<String> documents) {
			this.documents.addAll(documents);
			return this;
		}

		public Builder topN(@Nullable Integer topN) {
			this.topN = topN;
			return this;
		}

		public Builder returnDocuments(@Nullable Boolean returnDocuments) {
			this.returnDocuments = returnDocuments;
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

		public RerankRequest build() {
			return new RerankRequest(this.model, this.query, this.documents, this.topN, this.returnDocuments,
					this.instruction, this.extraBody);
		}

	}

}
