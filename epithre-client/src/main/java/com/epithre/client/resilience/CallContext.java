package com.epithre.client.resilience;

import org.jspecify.annotations.Nullable;

/**
 * What the resilience policy needs to know about a call.
 *
 * @param operation method and path, for messages
 * @param model the model the call addresses, for the shared {@code backend_busy} back-off; {@code null} if none
 * @param stream whether the answer is a stream (retried only before its first event)
 * @param idempotent whether sending the call twice is harmless
 * @since 0.1.0
 */
public record CallContext(String operation, @Nullable String model, boolean stream, boolean idempotent) {
}
