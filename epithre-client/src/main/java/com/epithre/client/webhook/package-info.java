/**
 * Epithre webhooks (docs/epithre-api.md, webhooks): registration, the delivered event, and signature verification in
 * plain Java,
 * usable without Spring Boot.
 */
@NullMarked
package com.epithre.client.webhook;

import org.jspecify.annotations.NullMarked;
