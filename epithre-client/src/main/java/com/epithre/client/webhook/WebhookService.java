package com.epithre.client.webhook;

import reactor.core.publisher.Mono;

/**
 * Webhooks, {@code /v1/webhooks} (docs/epithre-api.md, webhooks). Nothing is sent until subscription.
 *
 * @since 0.1.0
 */
public interface WebhookService {

	/**
	 * Register a webhook. The answer's {@link Webhook#secret()} is returned only this once: store it in a secret store
	 * right away, it cannot be read again. Not idempotent: it is resent only when the server cannot have acted on it.
	 * @param registration the URL and events
	 * @return the webhook with its secret
	 */
	Mono<Webhook> register(WebhookRegistration registration);

	/**
	 * List the registered webhooks with their delivery health.
	 * @return the webhooks, without secrets
	 */
	Mono<WebhookList> list();

	/**
	 * Delete a webhook; its queued retries are dropped.
	 * @param webhookId the id, {@code wh-...}
	 * @return the deletion answer
	 */
	Mono<WebhookDeleted> delete(String webhookId);

}
