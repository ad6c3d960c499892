package com.epithre.client.internal;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import com.epithre.client.config.RequestOptions;
import com.epithre.client.retrieval.RetrievalRequest;
import com.epithre.client.retrieval.RetrievalResponse;
import com.epithre.client.retrieval.RetrievalService;

/**
 * {@link RetrievalService} over {@link EpithreHttp}.
 */
final class DefaultRetrievalService implements RetrievalService {

	static final String PATH = "/retrieval";

	private final EpithreHttp http;

	private final RequestOptions defaults;

	DefaultRetrievalService(EpithreHttp http) {
		this(http, RequestOptions.none());
	}

	DefaultRetrievalService(EpithreHttp http, RequestOptions defaults) {
		this.http = http;
		this.defaults = defaults;
	}

	@Override
	public Mono<RetrievalResponse> search(RetrievalRequest request, RequestOptions options) {
		Assert.notNull(request, "request must not be null");
		// docs/epithre-api.md, retrieval: the request names no model, so no per-model back-off applies
		return this.http.post(PATH, request, RetrievalResponse.class,
				options.withDefaults(this.defaults), null, true);
	}

}
