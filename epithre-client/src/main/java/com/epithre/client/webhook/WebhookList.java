package com.epithre.client.webhook;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code GET /v1/webhooks} (docs/epithre-api.md, webhooks).
 *
 * @param object {@code list} (assumed)
 * @param data the webhooks, without secrets
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookList(@Nullable String object, List<Webhook> data) {

	public WebhookList {
		data = (data != null) ? List.copyOf(data) : List.of();
	}

}
