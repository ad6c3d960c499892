package com.epithre.client.chat;

import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A Java function the model may call, for {@link ChatService#createWithTools}: its name, description, JSON Schema of
 * its arguments (generated from a Java type, or written by hand), and the code that runs it. The handler's result is
 * sent back as the tool message: a {@code String} as it is, anything else as JSON.
 *
 * @param <T> the type the arguments are read into ({@code String} for the raw JSON)
 * @param name the function name
 * @param description what it does, for the model
 * @param parameters the JSON Schema of the arguments
 * @param argumentsType the type the arguments are read into
 * @param handler runs the call; it may block, it is run off the event loop
 * @since 0.1.0
 */
public record ToolFunction<T>(String name, @Nullable String description, Map<String, Object> parameters,
		Class<T> argumentsType, Function<T, ?> handler) {

	public ToolFunction {
		Assert.hasText(name, "name must not be empty");
		Assert.notNull(parameters, "parameters must not be null");
		Assert.notNull(argumentsType, "argumentsType must not be null");
		Assert.notNull(handler, "handler must not be null");
	}

	/**
	 * Create a function whose arguments are read into a record or class; the schema is generated from it.
	 * @param <T> the arguments type
	 * @param name the function name
	 * @param description what it does
	 * @param argumentsType the arguments type
	 * @param handler runs the call
	 * @return the function
	 */
	public static <T> ToolFunction<T> of(String name, @Nullable String description, Class<T> argumentsType,
			Function<T, ?> handler) {
		return new ToolFunction<>(name, description, StructuredOutput.schema(argumentsType), argumentsType, handler);
	}

	/**
	 * Create a function from a hand-written JSON Schema; the handler gets the raw JSON arguments.
	 * @param name the function name
	 * @param description what it does
	 * @param parameters the JSON Schema of the arguments
	 * @param handler runs the call with the arguments' JSON text
	 * @return the function
	 */
	public static ToolFunction<String> ofSchema(String name, @Nullable String description,
			Map<String, Object> parameters, Function<String, ?> handler) {
		return new ToolFunction<>(name, description, parameters, String.class, handler);
	}

	/**
	 * Return the tool definition sent to the model.
	 * @return the tool
	 */
	public Tool toTool() {
		return Tool.function(this.name, this.description, this.parameters);
	}

}
