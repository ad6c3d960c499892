package com.epithre.client.embedding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code POST /v1/embeddings} (docs/epithre-api.md, embeddings). {@link #data()} is ordered by {@code
 * index}, which
 * is the position of the input in the request, also when the client split it into several calls. An entry sent
 * without {@code index} is the one at its position in {@code data}.
 *
 * @param object {@code list}
 * @param model the model that answered
 * @param data one vector per input, ordered by index
 * @param usage token usage, summed over the parts of a split request
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingResponse(@Nullable String object, @Nullable String model, List<Embedding> data,
		@Nullable EmbeddingUsage usage) {

	public EmbeddingResponse {
		// docs/epithre-api.md, embeddings: order results by index
		List<Embedding> sorted = new ArrayList<>((data != null) ? data : List.of());
		// an entry sent without "index" is the one at its position in the array, as for chat choices
		for (int i = 0; i < sorted.size(); i++) {
			Embedding embedding = sorted.get(i);
			if (embedding != null && embedding.index() < 0) {
				sorted.set(i, embedding.withIndex(i));
			}
		}
		sorted.sort(Comparator.comparingInt(Embedding::index));
		data = List.copyOf(sorted);
	}

	/**
	 * Return the vectors in input order.
	 * @return the vectors
	 */
	public List<float[]> vectors() {
		return this.data.stream().map(Embedding::embedding).toList();
	}

	/**
	 * Return the vector of the input at a position.
	 * @param index the input position
	 * @return its vector
	 * @throws IllegalArgumentException if the answer holds no vector for it
	 */
	public float[] vector(int index) {
		for (Embedding embedding : this.data) {
			if (embedding.index() == index) {
				return embedding.embedding();
			}
		}
		throw new IllegalArgumentException("No embedding for input index " + index);
	}

}
