package com.epithre.client.batch;

import java.util.Set;

/**
 * The three endpoints a batch may address (docs/epithre-api.md, batches); every input line must use the batch's
 * endpoint.
 *
 * @since 0.1.0
 */
public final class BatchEndpoint {

	/** Chat completions. */
	public static final String CHAT_COMPLETIONS = "/v1/chat/completions";

	/** Embeddings. */
	public static final String EMBEDDINGS = "/v1/embeddings";

	/** Rerank. */
	public static final String RERANK = "/v1/rerank";

	static final Set<String> ALL = Set.of(CHAT_COMPLETIONS, EMBEDDINGS, RERANK);

	private BatchEndpoint() {
	}

}
