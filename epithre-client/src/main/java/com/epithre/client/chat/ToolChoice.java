package com.epithre.client.chat;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@code tool_choice} field: {@code "auto"}, {@code "none"}, {@code "required"}, or a named function
 * {@code {"type":"function","function":{"name":"x"}}} (docs/epithre-api.md, chat and tool calling).
 *
 * @param mode the string form, or {@code null} for a named function
 * @param functionName the forced function, or {@code null}
 * @since 0.1.0
 */
public record ToolChoice(@Nullable String mode, @Nullable String functionName) {

	/** The model decides (the default). */
	public static final ToolChoice AUTO = new ToolChoice("auto", null);

	/** Tools stay listed but may not be called. */
	public static final ToolChoice NONE = new ToolChoice("none", null);

	/** The model must call a tool. */
	public static final ToolChoice REQUIRED = new ToolChoice("required", null);

	public ToolChoice {
		Assert.isTrue((mode == null) != (functionName == null), "Exactly one of mode and functionName must be set");
	}

	/**
	 * Force a call of the named function.
	 * @param name the function name
	 * @return the choice
	 */
	public static ToolChoice function(String name) {
		return new ToolChoice(null, name);
	}

	@JsonValue
	Object json() {
		return (this.mode != null) ? this.mode : Map.of("type", "function", "function", Map.of("name", this.functionName));
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	static ToolChoice fromJson(Object json) {
		if (json instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function) {
			return function(String.valueOf(function.get("name")));
		}
		return new ToolChoice(String.valueOf(json), null);
	}

}
