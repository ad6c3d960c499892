package com.epithre.client.rerank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One scored document of a {@link RerankResponse} (docs/epithre-api.md, rerank).
 *
 * @param index position of the document in the request's {@code documents}
 * @param relevanceScore P(yes)/(P(yes)+P(no)) in [0, 1]; good matches may score only 0.10-0.30, so rank by it rather
 * than compare it with a threshold
 * @param document the document's text, present when {@code return_documents} was set
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RerankResult(int index, @JsonProperty("relevance_score") double relevanceScore,
		@Nullable Document document) {

	/**
	 * Return the document's text, when the request asked for it.
	 * @return the text or {@code null}
	 */
	public @Nullable String text() {
		return (this.document != null) ? this.document.text() : null;
	}

	/**
	 * The {@code document} object of a result.
	 *
	 * @param text the document's text
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Document(@Nullable String text) {
	}

}
