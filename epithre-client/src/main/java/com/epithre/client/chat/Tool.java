package com.epithre.client.chat;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A tool offered to the model: {@code {"type":"function","function":{...}}} (docs/epithre-api.md, chat).
 *
 * @param type {@code function}
 * @param function the function
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tool(String type, FunctionDefinition function) {

	/**
	 * Create a function tool.
	 * @param name the function name
	 * @param description what it does
	 * @param parameters its JSON Schema
	 * @return the tool
	 */
	public static Tool function(String name, @Nullable String description,
			@Nullable Map<String, Object> parameters) {
		return new Tool("function", new FunctionDefinition(name, description, parameters, null));
	}

}
