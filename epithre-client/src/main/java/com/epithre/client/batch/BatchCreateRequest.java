package com.epithre.client.batch;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.util.Assert;

/**
 * Body of {@code POST /v1/batches} (docs/epithre-api.md, batches). Build one with {@link #builder(String, String)}.
 *
 * @param inputFileId the uploaded JSONL file ({@code purpose} {@code batch_input})
 * @param endpoint one of the {@link BatchEndpoint} values
 * @param completionWindow {@code 24h}, the only accepted value
 * @param metadata free-form values echoed on every fetch
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BatchCreateRequest(@JsonProperty("input_file_id") String inputFileId, String endpoint,
		@JsonProperty("completion_window") String completionWindow, Map<String, String> metadata) {

	/** The only completion window (docs/epithre-api.md, batches). */
	public static final String COMPLETION_WINDOW_24H = "24h";

	public BatchCreateRequest {
		Assert.hasText(inputFileId, "inputFileId must not be empty (docs/epithre-api.md, batches)");
		Assert.isTrue(BatchEndpoint.ALL.contains(endpoint), () -> "endpoint must be one of /v1/chat/completions, "
				+ "/v1/embeddings, /v1/rerank (docs/epithre-api.md, batches), was " + endpoint);
		Assert.isTrue(COMPLETION_WINDOW_24H.equals(completionWindow),
				() -> "completion_window accepts only \"24h\" (docs/epithre-api.md, batches), was " + completionWindow);
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

	/**
	 * Start a request.
	 * @param inputFileId the uploaded input file
	 * @param endpoint one of the {@link BatchEndpoint} values
	 * @return the builder
	 */
	public static Builder builder(String inputFileId, String endpoint) {
		return new Builder(inputFileId, endpoint);
	}

	/**
	 * Return a copy with other metadata.
	 * @param metadata the metadata
	 * @return the copy
	 */
	public BatchCreateRequest withMetadata(Map<String, String> metadata) {
		return new BatchCreateRequest(this.inputFileId, this.endpoint, this.completionWindow, metadata);
	}

	/**
	 * Builds a {@link BatchCreateRequest}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final String inputFileId;

		private final String endpoint;

		private String completionWindow = COMPLETION_WINDOW_24H;

		private final LinkedHashMap<String, String> metadata = new LinkedHashMap<>();

		private Builder(String inputFileId, String endpoint) {
			this.inputFileId = inputFileId;
			this.endpoint = endpoint;
		}

		/**
		 * Set the completion window; only {@code 24h} is accepted.
		 * @param completionWindow the window
		 * @return this builder
		 */
		public Builder completionWindow(String completionWindow) {
			this.completionWindow = completionWindow;
			return this;
		}

		/**
		 * Add a metadata entry.
		 * @param key the key
		 * @param value the value
		 * @return this builder
		 */
		public Builder metadata(String key, String value) {
			this.metadata.put(key, value);
			return this;
		}

		/**
		 * Build the request.
		 * @return the request
		 */
		public BatchCreateRequest build() {
			return new BatchCreateRequest(this.inputFileId, this.endpoint, this.completionWindow, this.metadata);
		}

	}

}
