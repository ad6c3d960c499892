package com.epithre.client.embedding;

import reactor.core.publisher.Mono;

import com.epithre.client.config.RequestOptions;

/**
 * Embeddings, {@code POST /v1/embeddings} (docs/epithre-api.md, embeddings). Nothing is sent until subscription.
 *
 * <p>
 * A request with more than 64 texts, more than 8 images or a body over 25 MB is split into several calls, at most a
 * few at a time (and within the key's concurrency limit); the answer holds every vector at its input's index and the
 * usage summed over the calls. If one call fails, the others are cancelled and the error is the result.
 *
 * @since 0.1.0
 */
public interface EmbeddingService {

	/**
	 * Embed texts and images.
	 * @param request the request
	 * @return the vectors in input order, or a typed {@code EpithreException}
	 */
	default Mono<EmbeddingResponse> create(EmbeddingRequest request) {
		return create(request, RequestOptions.none());
	}

	/**
	 * Embed texts and images, with per-call overrides applied to every call of a split request.
	 * @param request the request
	 * @param options per-call overrides
	 * @return the vectors in input order, or a typed {@code EpithreException}
	 */
	Mono<EmbeddingResponse> create(EmbeddingRequest request, RequestOptions options);

}
