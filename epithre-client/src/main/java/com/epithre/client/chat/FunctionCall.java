package com.epithre.client.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The function part of a tool call (docs/epithre-api.md, tool calling); in a stream chunk either field may be a
 * fragment.
 *
 * @param name the function name
 * @param arguments the arguments as a JSON string, which may be invalid JSON: parse it yourself
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionCall(@Nullable String name, @Nullable String arguments) {
}
