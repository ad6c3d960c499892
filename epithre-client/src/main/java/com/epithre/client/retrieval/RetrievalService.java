package com.epithre.client.retrieval;

import reactor.core.publisher.Mono;

import com.epithre.client.config.RequestOptions;

/**
 * Retrieval over uploaded knowledge files, {@code POST /v1/retrieval} (docs/epithre-api.md, retrieval). Nothing is
 * sent until
 * subscription.
 *
 * @since 0.1.0
 */
public interface RetrievalService {

	/**
	 * Find the chunks closest to a query.
	 * @param request the request
	 * @return the chunks, best first, or a typed {@code EpithreException}
	 */
	default Mono<RetrievalResponse> search(RetrievalRequest request) {
		return search(request, RequestOptions.none());
	}

	/**
	 * Find the chunks closest to a query, with per-call overrides.
	 * @param request the request
	 * @param options per-call overrides
	 * @return the chunks, best first, or a typed {@code EpithreException}
	 */
	Mono<RetrievalResponse> search(RetrievalRequest request, RequestOptions options);

}
