package com.epithre.client.models;

import reactor.core.publisher.Mono;

/**
 * The model catalogue. Both calls are public and free; they prove URL and connectivity, never key validity
 * (docs/epithre-api.md, authentication).
 *
 * @since 0.1.0
 */
public interface ModelService {

	/**
	 * List the models.
	 * @return the catalogue
	 */
	Mono<ModelList> list();

	/**
	 * Get one model.
	 * @param id the model id
	 * @return the model, or an {@code EpithreNotFoundException} for an unknown id
	 */
	Mono<Model> get(String id);

}
