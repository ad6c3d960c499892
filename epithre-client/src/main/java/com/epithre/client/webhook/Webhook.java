package com.epithre.client.webhook;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A registered webhook (docs/epithre-api.md, webhooks). {@code secret} is present only in the answer to a
 * registration; store it
 * then. Fields other than {@code id}, {@code secret}, {@code status}, {@code last_delivery_at} and {@code last_error}
 * echo the registration (assumed).
 *
 * @param id the id, {@code wh-...}
 * @param url the delivery URL
 * @param events the subscribed events
 * @param description the description given at registration
 * @param status {@code active} when healthy
 * @param lastDeliveryAt the last delivery time, as sent (its format is not documented)
 * @param lastError why the last delivery failed
 * @param secret the signing secret, {@code whsec_...}, only on registration
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Webhook(String id, @Nullable String url, List<String> events, @Nullable String description,
		@Nullable String status, @JsonProperty("last_delivery_at") @Nullable String lastDeliveryAt,
		@JsonProperty("last_error") @Nullable String lastError, @Nullable String secret) {

	/** The status of a healthy webhook. */
	public static final String STATUS_ACTIVE = "active";

	public Webhook {
		events = (events != null) ? List.copyOf(events) : List.of();
	}

	@Override
	public String toString() {
		return "Webhook[id=" + this.id + ", url=" + this.url + ", events=" + this.events + ", status=" + this.status
				+ ", lastDeliveryAt=" + this.lastDeliveryAt + ", lastError=" + this.lastError + ", secret="
				+ ((this.secret != null) ? "******" : null) + "]";
	}

}
