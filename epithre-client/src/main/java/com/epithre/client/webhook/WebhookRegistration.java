package com.epithre.client.webhook;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /v1/webhooks} (docs/epithre-api.md, webhooks).
 *
 * @param url the delivery URL: HTTPS and publicly reachable
 * @param events the events, among {@link WebhookEvent#BATCH_COMPLETED} and {@link WebhookEvent#BATCH_FAILED}
 * @param description a free-form description, or {@code null}
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookRegistration(String url, List<String> events, @Nullable String description) {

	public WebhookRegistration {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("url must not be empty (docs/epithre-api.md, webhooks)");
		}
		if (events == null || events.isEmpty()) {
			throw new IllegalArgumentException("events must not be empty (docs/epithre-api.md, webhooks)");
		}
		events = List.copyOf(events);
	}

	/**
	 * Register for both batch events.
	 * @param url the delivery URL
	 * @return the registration
	 */
	public static WebhookRegistration batchEvents(String url) {
		return new WebhookRegistration(url, List.of(WebhookEvent.BATCH_COMPLETED, WebhookEvent.BATCH_FAILED), null);
	}

}
