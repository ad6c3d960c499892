package com.epithre.boot.webhook;

import java.time.Instant;

import com.epithre.client.webhook.WebhookEvent;

/**
 * A verified delivery of an event this version does not know; the body is still available.
 *
 * @since 0.1.0
 */
public class UnknownWebhookEvent extends EpithreWebhookEvent {

	private static final long serialVersionUID = 1L;

	public UnknownWebhookEvent(Object source, WebhookEvent webhookEvent, Instant signedAt) {
		super(source, webhookEvent, signedAt);
	}

}
