package com.epithre.client.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Body of {@code POST /v1/chat/completions} (docs/epithre-api.md, chat). Build one with {@link #builder(String)}; the
 * client
 * sets {@code stream} and {@code stream_options} itself.
 *
 * @param model {@code epithre-omni}, {@code epithre-prme} or {@code epithre-lyt}
 * @param messages the conversation
 * @param temperature sampling temperature
 * @param topP nucleus sampling
 * @param maxTokens output token limit
 * @param seed seed for repeatable sampling
 * @param stop stop sequences
 * @param frequencyPenalty frequency penalty
 * @param presencePenalty presence penalty
 * @param stream whether to stream (set by the client)
 * @param streamOptions stream options (set by the client unless given)
 * @param tools tools the model may call
 * @param toolChoice how the model picks tools
 * @param responseFormat structured output
 * @param chatTemplateKwargs template switches such as {@code enable_thinking} (docs/epithre-api.md, thinking)
 * @param extraBody fields the API accepts but this record does not model, merged into the JSON as they are
 * (e.g. {@code max_completion_tokens}, {@code parallel_tool_calls}, {@code user})
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionRequest(String model, List<ChatMessage> messages, @Nullable Double temperature,
		@JsonProperty("top_p") @Nullable Double topP, @JsonProperty("max_tokens") @Nullable Integer maxTokens,
		@Nullable Long seed, @Nullable List<String> stop,
		@JsonProperty("frequency_penalty") @Nullable Double frequencyPenalty,
		@JsonProperty("presence_penalty") @Nullable Double presencePenalty, @Nullable Boolean stream,
		@JsonProperty("stream_options") @Nullable StreamOptions streamOptions, @Nullable List<Tool> tools,
		@JsonProperty("tool_choice") @Nullable ToolChoice toolChoice,
		@JsonProperty("response_format") @Nullable ResponseFormat responseFormat,
		@JsonProperty("chat_template_kwargs") @Nullable Map<String, Object> chatTemplateKwargs,
		@JsonAnyGetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extraBody) {

	public ChatCompletionRequest {
		Assert.hasText(model, "model must not be empty");
		Assert.notEmpty(messages, "messages must not be empty");
		messages = List.copyOf(messages);
		extraBody = (extraBody != null) ? Map.copyOf(extraBody) : Map.of();
	}

	/**
	 * Start a request for a model.
	 * @param model the model id
	 * @return a builder
	 */
	public static Builder builder(String model) {
		return new Builder(model);
	}

	/**
	 * Return a builder holding this request's values.
	 * @return a builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.model);
		builder.messages.addAll(this.messages);
		builder.temperature = this.temperature;
		builder.topP = this.topP;
		builder.maxTokens = this.maxTokens;
		builder.seed = this.seed;
		builder.stop = this.stop;
		builder.frequencyPenalty = this.frequencyPenalty;
		builder.presencePenalty = this.presencePenalty;
		builder.stream = this.stream;
		builder.streamOptions = this.streamOptions;
		builder.tools = this.tools;
		builder.toolChoice = this.toolChoice;
		builder.responseFormat = this.responseFormat;
		builder.chatTemplateKwargs = this.chatTemplateKwargs;
		builder.extraBody.putAll(this.extraBody);
		return builder;
	}

	/**
	 * Return a copy with {@code stream} and {@code stream_options} set.
	 * @param stream whether to stream
	 * @param streamOptions the stream options, or {@code null}
	 * @return the copy
	 */
	public ChatCompletionRequest withStream(@Nullable Boolean stream, @Nullable StreamOptions streamOptions) {
		return new ChatCompletionRequest(this.model, this.messages, this.temperature, this.topP, this.maxTokens,
				this.seed, this.stop, this.frequencyPenalty, this.presencePenalty, stream, streamOptions, this.tools,
				this.toolChoice, this.responseFormat, this.chatTemplateKwargs, this.extraBody);
	}

	/**
	 * Builder of {@link ChatCompletionRequest}.
	 */
	public static final class Builder {

		private final String model;

		private final List<ChatMessage> messages = new ArrayList<>();

		private @Nullable Double temperature;

		private @Nullable Double topP;

		private @Nullable Integer maxTokens;

		private @Nullable Long seed;

		private @Nullable List<String> stop;

		private @Nullable Double frequencyPenalty;

		private @Nullable Double presencePenalty;

		private @Nullable Boolean stream;

		private @Nullable StreamOptions streamOptions;

		private @Nullable List<Tool> tools;

		private @Nullable ToolChoice toolChoice;

		private @Nullable ResponseFormat responseFormat;

		private @Nullable Map<String, Object> chatTemplateKwargs;

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private Builder(String model) {
			this.model = model;
		}

		public Builder message(ChatMessage message) {
			this.messages.add(message);
			return this;
		}

		/**
		 * Remove the messages added so far, e.g. to replace a copied conversation.
		 * @return this builder
		 */
		public Builder clearMessages() {
			this.messages.clear();
			return this;
		}

		public Builder messages(List<ChatMessage> messages) {
			this.messages.addAll(messages);
			return this;
		}

		public Builder system(String text) {
			return message(ChatMessage.system(text));
		}

		public Builder user(String text) {
			return message(ChatMessage.user(text));
		}

		public Builder temperature(@Nullable Double temperature) {
			this.temperature = temperature;
			return this;
		}

		public Builder topP(@Nullable Double topP) {
			this.topP = topP;
			return this;
		}

		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		public Builder seed(@Nullable Long seed) {
			this.seed = seed;
			return this;
		}

		public Builder stop(String... stop) {
			this.stop = List.of(stop);
			return this;
		}

		public Builder frequencyPenalty(@Nullable Double frequencyPenalty) {
			this.frequencyPenalty = frequencyPenalty;
			return this;
		}

		public Builder presencePenalty(@Nullable Double presencePenalty) {
			this.presencePenalty = presencePenalty;
			return this;
		}

		public Builder streamOptions(@Nullable StreamOptions streamOptions) {
			this.streamOptions = streamOptions;
			return this;
		}

		public Builder tools(List<Tool> tools) {
			this.tools = List.copyOf(tools);
			return this;
		}

		public Builder tool(Tool tool) {
			List<Tool> all = (this.tools != null) ? new ArrayList<>(this.tools) : new ArrayList<>();
			all.add(tool);
			this.tools = all;
			return this;
		}

		public Builder toolChoice(@Nullable ToolChoice toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		public Builder responseFormat(@Nullable ResponseFormat responseFormat) {
			this.responseFormat = responseFormat;
			return this;
		}

		public Builder chatTemplateKwargs(@Nullable Map<String, Object> chatTemplateKwargs) {
			this.chatTemplateKwargs = chatTemplateKwargs;
			return this;
		}

		/**
		 * Turn on thinking: {@code chat_template_kwargs.enable_thinking} (docs/epithre-api.md, thinking).
		 * @param enabled whether the model should think before answering
		 * @return this builder
		 */
		public Builder enableThinking(boolean enabled) {
			Map<String, Object> kwargs = (this.chatTemplateKwargs != null) ? new LinkedHashMap<>(this.chatTemplateKwargs)
					: new LinkedHashMap<>();
			kwargs.put("enable_thinking", enabled);
			this.chatTemplateKwargs = kwargs;
			return this;
		}

		/**
		 * Add a field that this request does not model; it is written into the JSON as it is.
		 * @param name the JSON field name, e.g. {@code parallel_tool_calls}
		 * @param value its value
		 * @return this builder
		 */
		public Builder extraBody(String name, Object value) {
			this.extraBody.put(name, value);
			return this;
		}

		public ChatCompletionRequest build() {
			return new ChatCompletionRequest(this.model, this.messages, this.temperature, this.topP, this.maxTokens,
					this.seed, this.stop, this.frequencyPenalty, this.presencePenalty, this.stream, this.streamOptions,
					this.tools, this.toolChoice, this.responseFormat, this.chatTemplateKwargs, this.extraBody);
		}

	}

}
