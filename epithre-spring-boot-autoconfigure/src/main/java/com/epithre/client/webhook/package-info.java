/**
 * Epithre webhooks (EPITHRE-API.md 10): registration, the delivered event, and signature verification in plain Java,
 * usable without Spring Boot.
 */
@NullMarked
package com.epithre.client.webhook;

import org.jspecify.annotations.NullMarked;
