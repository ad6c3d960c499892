package com.epithre.client.internal;

import org.springframework.util.Assert;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

import com.epithre.client.RequestOptions;
import com.epithre.client.models.Model;
import com.epithre.client.models.ModelList;
import com.epithre.client.models.ModelService;

/**
 * {@link ModelService} over {@link EpithreHttp}.
 */
public final class DefaultModelService implements ModelService {

	private final EpithreHttp http;

	public DefaultModelService(EpithreHttp http) {
		this.http = http;
	}

	@Override
	public Mono<ModelList> list() {
		return this.http.get("/models", ModelList.class, RequestOptions.none());
	}

	@Override
	public Mono<Model> get(String id) {
		Assert.hasText(id, "id must not be empty");
		return this.http.get("/models/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8), Model.class,
				RequestOptions.none());
	}

}
