package com.epithre.client.file;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code DELETE /v1/files/{id}} (docs/epithre-api.md, files; the shape is assumed OpenAI-compatible).
 *
 * @param id the deleted file's id
 * @param object {@code file}
 * @param deleted whether the file was deleted
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileDeleted(String id, @Nullable String object, boolean deleted) {

}
