package com.epithre.boot.webhook;

import java.time.Instant;

import com.epithre.client.webhook.WebhookEvent;

/**
 * A batch failed ({@code batch.failed}).
 *
 * @since 0.1.0
 */
public class BatchFailedEvent extends EpithreWebhookEvent {

	private static final long serialVersionUID = 1L;

	public BatchFailedEvent(Object source, WebhookEvent webhookEvent, Instant signedAt) {
		super(source, webhookEvent, signedAt);
	}

}
