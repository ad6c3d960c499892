package com.epithre.client.internal;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import com.epithre.client.config.RequestOptions;
import com.epithre.client.rerank.RerankRequest;
import com.epithre.client.rerank.RerankResponse;
import com.epithre.client.rerank.RerankService;

/**
 * {@link RerankService} over {@link EpithreHttp}.
 */
final class DefaultRerankService implements RerankService {

	static final String PATH = "/rerank";

	private final EpithreHttp http;

	private final RequestOptions defaults;

	DefaultRerankService(EpithreHttp http) {
		this(http, RequestOptions.none());
	}

	DefaultRerankService(EpithreHttp http, RequestOptions defaults) {
		this.http = http;
		this.defaults = defaults;
	}

	@Override
	public Mono<RerankResponse> create(RerankRequest request, RequestOptions options) {
		Assert.notNull(request, "request must not be null");
		return this.http.post(PATH, request, RerankResponse.class, options.withDefaults(this.defaults),
				request.model(), true);
	}

}
