package com.epithre.client.internal;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import com.epithre.client.config.RequestOptions;
import com.epithre.client.image.ImageEditRequest;
import com.epithre.client.image.ImageGenerationRequest;
import com.epithre.client.image.ImageResponse;
import com.epithre.client.image.ImageService;

/**
 * {@link ImageService} over {@link EpithreHttp}. A {@code content_policy_violation} is a 400 and so never retried.
 */
final class DefaultImageService implements ImageService {

	static final String GENERATIONS_PATH = "/images/generations";

	static final String EDITS_PATH = "/images/edits";

	private final EpithreHttp http;

	private final RequestOptions defaults;

	DefaultImageService(EpithreHttp http) {
		this(http, RequestOptions.none());
	}

	DefaultImageService(EpithreHttp http, RequestOptions defaults) {
		this.http = http;
		this.defaults = defaults;
	}

	@Override
	public Mono<ImageResponse> generate(ImageGenerationRequest request, RequestOptions options) {
		Assert.notNull(request, "request must not be null");
		// docs/epithre-api.md, images: a generation changes no server state, so a failed one may be sent again
		return this.http.post(GENERATIONS_PATH, request, ImageResponse.class,
				options.withDefaults(this.defaults), request.model(), true);
	}

	@Override
	public Mono<ImageResponse> edit(ImageEditRequest request, RequestOptions options) {
		Assert.notNull(request, "request must not be null");
		// docs/epithre-api.md, images: edit inputs are not retained, so sending one again is harmless
		return this.http.post(EDITS_PATH, request, ImageResponse.class,
				options.withDefaults(this.defaults), request.model(), true);
	}

}
