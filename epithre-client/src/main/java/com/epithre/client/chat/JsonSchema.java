package com.epithre.client.chat;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The {@code json_schema} object of a structured-output request (docs/epithre-api.md, structured output).
 *
 * @param name the schema name
 * @param description optional description
 * @param schema the JSON Schema
 * @param strict whether the output must follow the schema strictly
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonSchema(String name, @Nullable String description, Map<String, Object> schema,
		@Nullable Boolean strict) {
}
