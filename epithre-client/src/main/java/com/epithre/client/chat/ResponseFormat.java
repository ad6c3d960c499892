package com.epithre.client.chat;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The {@code response_format} field: {@code json_object} or {@code json_schema} (docs/epithre-api.md, structured
 * output). An answer with
 * {@code finish_reason: length} ran out of tokens, whatever its JSON looks like.
 *
 * @param type {@code json_object} or {@code json_schema}
 * @param jsonSchema the schema for {@code json_schema}
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseFormat(String type, @JsonProperty("json_schema") @Nullable JsonSchema jsonSchema) {

	/**
	 * Ask for any valid JSON object.
	 * @return the format
	 */
	public static ResponseFormat jsonObject() {
		return new ResponseFormat("json_object", null);
	}

	/**
	 * Ask for JSON following a schema, strictly.
	 * @param name the schema name
	 * @param schema the JSON Schema
	 * @return the format
	 */
	public static ResponseFormat jsonSchema(String name, Map<String, Object> schema) {
		return new ResponseFormat("json_schema", new JsonSchema(name, null, schema, true));
	}

}
