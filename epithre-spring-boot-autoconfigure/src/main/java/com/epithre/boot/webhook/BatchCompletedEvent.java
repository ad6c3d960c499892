package com.epithre.boot.webhook;

import java.time.Instant;

import com.epithre.client.webhook.WebhookEvent;

/**
 * A batch completed ({@code batch.completed}); its output file is ready.
 *
 * @since 0.1.0
 */
public class BatchCompletedEvent extends EpithreWebhookEvent {

	private static final long serialVersionUID = 1L;

	public BatchCompletedEvent(Object source, WebhookEvent webhookEvent, Instant signedAt) {
		super(source, webhookEvent, signedAt);
	}

}
