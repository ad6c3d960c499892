package com.epithre.client.batch;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A batch (docs/epithre-api.md, batches). {@code id}, {@code status}, {@code endpoint}, {@code request_counts},
 * {@code total_cost_idr} and {@code metadata} are documented; the file ids and timestamps (Unix seconds) are assumed
 * OpenAI-compatible and may be absent.
 *
 * @param id the id, {@code batch-...}
 * @param status one of the {@link BatchStatus} values, or one added later
 * @param endpoint the endpoint every line addresses
 * @param inputFileId the input file
 * @param completionWindow {@code 24h}
 * @param requestCounts progress
 * @param totalCostIdr cost so far in Rupiah, fractional (docs/epithre-api.md, ids, money and time)
 * @param metadata the metadata given at creation
 * @param outputFileId the output JSONL, once there is one
 * @param errorFileId the error JSONL, once there is one
 * @param createdAt creation time
 * @param inProgressAt when processing started
 * @param completedAt when it completed
 * @param failedAt when it failed
 * @param cancelledAt when it was cancelled
 * @param expiresAt when the 24 h window ends
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Batch(String id, String status, @Nullable String endpoint,
		@JsonProperty("input_file_id") @Nullable String inputFileId,
		@JsonProperty("completion_window") @Nullable String completionWindow,
		@JsonProperty("request_counts") @Nullable BatchRequestCounts requestCounts,
		@JsonProperty("total_cost_idr") @Nullable BigDecimal totalCostIdr, Map<String, String> metadata,
		@JsonProperty("output_file_id") @Nullable String outputFileId,
		@JsonProperty("error_file_id") @Nullable String errorFileId, @JsonProperty("created_at") @Nullable Long createdAt,
		@JsonProperty("in_progress_at") @Nullable Long inProgressAt,
		@JsonProperty("completed_at") @Nullable Long completedAt, @JsonProperty("failed_at") @Nullable Long failedAt,
		@JsonProperty("cancelled_at") @Nullable Long cancelledAt, @JsonProperty("expires_at") @Nullable Long expiresAt) {

	public Batch {
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

	/**
	 * Return whether the batch reached a terminal status; unknown statuses are not terminal.
	 * @return whether the batch will not change any more
	 */
	public boolean isTerminal() {
		return BatchStatus.isTerminal(this.status);
	}

	/**
	 * Return the creation time.
	 * @return the time, or {@code null} when absent
	 */
	public @Nullable Instant createdAtInstant() {
		return (this.createdAt != null) ? Instant.ofEpochSecond(this.createdAt) : null;
	}

	/**
	 * Return the completion time.
	 * @return the time, or {@code null} when absent
	 */
	public @Nullable Instant completedAtInstant() {
		return (this.completedAt != null) ? Instant.ofEpochSecond(this.completedAt) : null;
	}

}
