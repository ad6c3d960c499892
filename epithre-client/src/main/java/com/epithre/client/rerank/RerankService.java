package com.epithre.client.rerank;

import reactor.core.publisher.Mono;

import com.epithre.client.config.RequestOptions;

/**
 * Rerank, {@code POST /v1/rerank} (docs/epithre-api.md, rerank). Nothing is sent until subscription.
 *
 * @since 0.1.0
 */
public interface RerankService {

	/**
	 * Score documents against a query.
	 * @param request the request
	 * @return the results, highest relevance first, or a typed {@code EpithreException}
	 */
	default Mono<RerankResponse> create(RerankRequest request) {
		return create(request, RequestOptions.none());
	}

	/**
	 * Score documents against a query, with per-call overrides.
	 * @param request the request
	 * @param options per-call overrides
	 * @return the results, highest relevance first, or a typed {@code EpithreException}
	 */
	Mono<RerankResponse> create(RerankRequest request, RequestOptions options);

}
