package com.epithre.client.webhook;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.jspecify.annotations.Nullable;

import com.epithre.client.batch.BatchRequestCounts;

/**
 * The body of a webhook delivery (docs/epithre-api.md, webhooks). Bind it only after {@link WebhookSignatureVerifier}
 * accepted
 * the raw bytes. Deliveries are retried, so deduplicate on {@link #event()} and {@code data.id}.
 *
 * @param event the event name, such as {@link #BATCH_COMPLETED}
 * @param created when the event was created, Unix seconds; {@code 0} when the delivery leaves it out
 * @param data the batch the event is about
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookEvent(String event, @JsonSetter(nulls = Nulls.AS_EMPTY) long created, @Nullable Data data) {

	/** A batch completed. */
	public static final String BATCH_COMPLETED = "batch.completed";

	/** A batch failed. */
	public static final String BATCH_FAILED = "batch.failed";

	/**
	 * Return the id of the object the event is about.
	 * @return the id, or {@code null} when the delivery carries no {@code data.id}
	 */
	public @Nullable String dataId() {
		return (this.data != null) ? this.data.id() : null;
	}

	/**
	 * The batch fields a delivery carries.
	 *
	 * @param id the batch id
	 * @param status the batch status
	 * @param endpoint the endpoint every line addresses
	 * @param requestCounts progress
	 * @param totalCostIdr cost in Rupiah, fractional
	 * @since 0.1.0
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Data(@Nullable String id, @Nullable String status, @Nullable String endpoint,
			@JsonProperty("request_counts") @Nullable BatchRequestCounts requestCounts,
			@JsonProperty("total_cost_idr") @Nullable BigDecimal totalCostIdr) {

	}

}
