package com.epithre.client.retrieval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One chunk found by a retrieval (docs/epithre-api.md, retrieval).
 *
 * @param fileId the knowledge file it comes from
 * @param chunkIndex its position in the file
 * @param text its text; PDF text carries {@code [Page N]} markers
 * @param score cosine similarity in [0, 1]
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetrievalResult(@JsonProperty("file_id") @Nullable String fileId,
		@JsonProperty("chunk_index") int chunkIndex, @Nullable String text, double score) {
}
