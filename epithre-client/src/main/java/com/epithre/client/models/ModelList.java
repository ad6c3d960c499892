package com.epithre.client.models;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code GET /v1/models} (docs/epithre-api.md, models).
 *
 * @param object {@code list}
 * @param data the models
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelList(@Nullable String object, List<Model> data) {

	public ModelList {
		data = (data != null) ? List.copyOf(data) : List.of();
	}

	/**
	 * Find a model by id.
	 * @param id the model id
	 * @return the model, if listed
	 */
	public Optional<Model> find(String id) {
		return this.data.stream().filter((model) -> model.id().equals(id)).findFirst();
	}

}
