package com.epithre.client.chat;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A function the model may call (docs/epithre-api.md, chat).
 *
 * @param name the function name
 * @param description what it does, for the model
 * @param parameters its JSON Schema
 * @param strict whether arguments must follow the schema strictly (assumed: OpenAI-compatible)
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionDefinition(String name, @Nullable String description, @Nullable Map<String, Object> parameters,
		@Nullable Boolean strict) {
}
