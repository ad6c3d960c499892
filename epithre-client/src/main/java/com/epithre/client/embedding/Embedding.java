package com.epithre.client.embedding;

import java.util.Arrays;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One vector of an {@link EmbeddingResponse} (docs/epithre-api.md, embeddings).
 *
 * <p>
 * The vector is a {@code float[]}: 4 bytes per dimension instead of a boxed {@code Float} each, which matters at 4000
 * dimensions times 64 inputs, and it is what vector stores take. Its length is whatever the server sent (4000 by
 * default, or the request's {@code dimensions}); docs/epithre-api.md, known gaps (embedding size) forbids assuming
 * one. The array is not copied:
 * treat it as read-only.
 *
 * <p>
 * An entry sent without {@code index} is read with {@link #MISSING_INDEX}, which the enclosing
 * {@link EmbeddingResponse} replaces with the entry's position in its {@code data} array.
 *
 * @param object {@code embedding}
 * @param index position of the input this vector belongs to; {@link #MISSING_INDEX} only on an entry read on its own
 * without one
 * @param embedding the unit-length vector (cosine similarity is the dot product)
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Embedding(@Nullable String object, int index, float[] embedding) {

	/** The index of an entry the server sent without one, until its response resolves it to the array position. */
	public static final int MISSING_INDEX = -1;

	public Embedding {
		embedding = (embedding != null) ? embedding : new float[0];
	}

	/**
	 * Create an entry as read from JSON, where {@code index} may be missing.
	 * @param object {@code embedding}
	 * @param index the index, or {@code null} when the server sent none
	 * @param embedding the vector
	 * @return the entry, with {@link #MISSING_INDEX} for a missing index
	 * @since 0.1.0
	 */
	@JsonCreator
	public static Embedding of(@JsonProperty("object") @Nullable String object,
			@JsonProperty("index") @Nullable Integer index, @JsonProperty("embedding") float[] embedding) {
		return new Embedding(object, (index != null) ? index : MISSING_INDEX, embedding);
	}

	/**
	 * Return the length of the vector.
	 * @return the number of dimensions
	 */
	public int dimensions() {
		return this.embedding.length;
	}

	/**
	 * Return a copy that belongs to another input position.
	 * @param index the position
	 * @return the copy
	 */
	public Embedding withIndex(int index) {
		return new Embedding(this.object, index, this.embedding);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof Embedding that && this.index == that.index
				&& Objects.equals(this.object, that.object) && Arrays.equals(this.embedding, that.embedding));
	}

	@Override
	public int hashCode() {
		return 31 * (31 * Objects.hashCode(this.object) + this.index) + Arrays.hashCode(this.embedding);
	}

	@Override
	public String toString() {
		return "Embedding[index=" + this.index + ", dimensions=" + this.embedding.length + "]";
	}

}
