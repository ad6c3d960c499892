package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.util.UriUtils;

import com.epithre.client.config.RequestOptions;
import com.epithre.client.models.Model;
import com.epithre.client.models.ModelList;
import com.epithre.client.models.ModelService;

/**
 * {@link ModelService} over {@link EpithreHttp}; every catalogue it fetches is kept in the client's statistics.
 */
final class DefaultModelService implements ModelService {

	private final EpithreHttp http;

	private final RequestOptions defaults;

	DefaultModelService(EpithreHttp http) {
		this(http, RequestOptions.none());
	}

	DefaultModelService(EpithreHttp http, RequestOptions defaults) {
		this.http = http;
		this.defaults = defaults;
	}

	@Override
	public Mono<ModelList> list() {
		return this.http.get("/models", ModelList.class, this.defaults).doOnNext(this.http.stats()::recordCatalogue);
	}

	@Override
	public Mono<Model> get(String id) {
		Assert.hasText(id, "id must not be empty");
		return this.http.get("/models/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8), Model.class,
				this.defaults);
	}

}
