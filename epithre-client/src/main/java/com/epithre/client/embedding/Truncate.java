package com.epithre.client.embedding;

/**
 * The {@code truncate} values of an embeddings request (docs/epithre-api.md, embeddings). The field is a string, read
 * in any case; {@link EmbeddingRequest} refuses any other value when it is built.
 *
 * @since 0.1.0
 */
public final class Truncate {

	/** Keep the first 10,000 characters of a longer text; the server's default. */
	public static final String END = "END";

	/** Keep the last 10,000 characters of a longer text. */
	public static final String START = "START";

	/** Refuse a text over 10,000 characters with a 422 instead of cutting it. */
	public static final String NONE = "NONE";

	private Truncate() {
	}

}
