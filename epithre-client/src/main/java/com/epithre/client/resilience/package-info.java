/**
 * Resilience policy of the client: retry keyed on Epithre's error codes, shared {@code backend_busy} back-off per
 * model, and an adaptive per-key concurrency limiter, built on Resilience4j.
 */
@NullMarked
package com.epithre.client.resilience;

import org.jspecify.annotations.NullMarked;
