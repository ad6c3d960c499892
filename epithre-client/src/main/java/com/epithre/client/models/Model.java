package com.epithre.client.models;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A model of the catalogue (docs/epithre-api.md, models); enum-like fields stay strings.
 *
 * @param id the model id, e.g. {@code epithre-omni}
 * @param object {@code model}
 * @param ownedBy the owner
 * @param tier e.g. {@code flagship}
 * @param contextWindow context size in tokens
 * @param maxOutputTokens output limit in tokens, when documented
 * @param modalities accepted inputs, e.g. {@code text}, {@code image}
 * @param capabilities e.g. {@code chat}, {@code tool_use}, {@code vision}, {@code thinking}
 * @param description human-readable description
 * @param pricingModel e.g. {@code per_token}
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Model(String id, @Nullable String object, @JsonProperty("owned_by") @Nullable String ownedBy,
		@Nullable String tier, @JsonProperty("context_window") @Nullable Integer contextWindow,
		@JsonProperty("max_output_tokens") @Nullable Integer maxOutputTokens, List<String> modalities,
		List<String> capabilities, @Nullable String description,
		@JsonProperty("pricing_model") @Nullable String pricingModel) {

	/** Capability of models that call tools. */
	public static final String TOOL_USE = "tool_use";

	/** Capability of models that read images. */
	public static final String VISION = "vision";

	public Model {
		modalities = (modalities != null) ? List.copyOf(modalities) : List.of();
		capabilities = (capabilities != null) ? List.copyOf(capabilities) : List.of();
	}

	/**
	 * Return whether the catalogue lists a capability for this model.
	 * @param capability e.g. {@link #TOOL_USE}
	 * @return whether the model has it
	 */
	public boolean hasCapability(String capability) {
		return this.capabilities.contains(capability);
	}

}
