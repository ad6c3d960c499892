package com.epithre.client.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code DELETE /v1/webhooks/{id}}; its shape is not documented, assumed OpenAI-compatible like a deleted
 * file.
 *
 * @param id the id
 * @param object the object type, when sent
 * @param deleted whether it was deleted
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookDeleted(@Nullable String id, @Nullable String object, boolean deleted) {

}
