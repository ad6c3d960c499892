package com.epithre.client.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code request_counts} of a batch (EPITHRE-API.md 9).
 *
 * @param total input lines
 * @param completed lines answered
 * @param failed lines that failed
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchRequestCounts(int total, int completed, int failed) {

}
