package com.epithre.client.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code request_counts} of a batch (docs/epithre-api.md, batches).
 *
 * @param total input lines
 * @param completed lines answered
 * @param failed lines that failed
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchRequestCounts(int total, int completed, int failed) {

}
