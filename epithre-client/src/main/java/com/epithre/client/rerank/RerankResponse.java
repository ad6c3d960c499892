package com.epithre.client.rerank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code POST /v1/rerank} (docs/epithre-api.md, rerank): results sorted by relevance, highest first
 * (sorted here too, whatever order the server used), each pointing back at its document through {@code index}.
 *
 * @param id the response id, a UUID
 * @param results the scored documents, highest first
 * @param meta billing metadata
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RerankResponse(@Nullable String id, List<RerankResult> results, @Nullable Meta meta) {

	public RerankResponse {
		results = (results != null) ? sorted(results) : List.of();
	}

	private static List<RerankResult> sorted(List<RerankResult> results) {
		List<RerankResult> sorted = new ArrayList<>(results);
		sorted.sort(Comparator.comparingDouble(RerankResult::relevanceScore).reversed());
		return List.copyOf(sorted);
	}

	/**
	 * Return the {@code search_units} the server billed, as sent. docs/epithre-api.md, known gaps (rerank billing): it
	 * reports 1 per call while
	 * the price list charges per document, so do not compute a cost from it.
	 * @return the search units, or {@code null} when absent
	 */
	public @Nullable Integer searchUnits() {
		return (this.meta != null && this.meta.billedUnits() != null) ? this.meta.billedUnits().searchUnits() : null;
	}

	/**
	 * The {@code meta} object of a rerank answer.
	 *
	 * @param billedUnits the billed units, as sent
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Meta(@JsonProperty("billed_units") @Nullable BilledUnits billedUnits) {
	}

	/**
	 * The {@code billed_units} of a rerank answer (docs/epithre-api.md, known gaps (rerank billing)).
	 *
	 * @param searchUnits the search units
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record BilledUnits(@JsonProperty("search_units") @Nullable Integer searchUnits) {
	}

}
