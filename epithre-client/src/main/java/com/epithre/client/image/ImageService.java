package com.epithre.client.image;

import reactor.core.publisher.Mono;

import com.epithre.client.config.RequestOptions;

/**
 * Images with {@code epithre-iris} (docs/epithre-api.md, images). Nothing is sent until subscription. A generation
 * takes about
 * 12-19 s at 768x768 and 4 steps; give the call a response timeout to match.
 *
 * <p>
 * A prompt refused by the safety filter fails with an {@code EpithreBadRequestException} whose code is
 * {@code content_policy_violation}; it is never retried.
 *
 * @since 0.1.0
 */
public interface ImageService {

	/**
	 * Generate an image.
	 * @param request the request
	 * @return the answer, or a typed {@code EpithreException}
	 */
	default Mono<ImageResponse> generate(ImageGenerationRequest request) {
		return generate(request, RequestOptions.none());
	}

	/**
	 * Generate an image with per-call overrides.
	 * @param request the request
	 * @param options per-call overrides
	 * @return the answer, or a typed {@code EpithreException}
	 */
	Mono<ImageResponse> generate(ImageGenerationRequest request, RequestOptions options);

	/**
	 * Edit an image.
	 * @param request the request
	 * @return the answer, or a typed {@code EpithreException}
	 */
	default Mono<ImageResponse> edit(ImageEditRequest request) {
		return edit(request, RequestOptions.none());
	}

	/**
	 * Edit an image with per-call overrides.
	 * @param request the request
	 * @param options per-call overrides
	 * @return the answer, or a typed {@code EpithreException}
	 */
	Mono<ImageResponse> edit(ImageEditRequest request, RequestOptions options);

}
