/**
 * The Spring WebFlux webhook receiver (docs/epithre-api.md, webhooks): verifies each delivery on its raw bytes,
 * answers at once
 * and publishes an {@link com.epithre.boot.webhook.EpithreWebhookEvent} asynchronously.
 */
@NullMarked
package com.epithre.boot.webhook;

import org.jspecify.annotations.NullMarked;
