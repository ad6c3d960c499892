package com.epithre.ai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Options of an {@link EpithreChatModel} call: the model and sampling settings of a chat completion
 * (docs/resources.md), the tools Spring AI offers the model, and Epithre's own switches (thinking, extra body
 * fields). Immutable; change a copy with {@link #mutate()}, or start with {@link #builder()}.
 * <p>
 * {@code topK} is kept for Spring AI's {@link ChatOptions} contract but never sent: the Epithre API has no
 * {@code top_k}. Tool callbacks are executed by Spring AI (the {@code ChatClient}'s tool-calling advisor and its
 * {@code ToolCallingManager}), not by the model.
 *
 * @since 0.1.0
 */
public final class EpithreChatOptions implements ToolCallingChatOptions {

	private final @Nullable String model;

	private final @Nullable Double temperature;

	private final @Nullable Integer maxTokens;

	private final @Nullable Double topP;

	private final @Nullable Integer topK;

	private final @Nullable Double frequencyPenalty;

	private final @Nullable Double presencePenalty;

	private final @Nullable List<String> stopSequences;

	private final @Nullable Long seed;

	private final @Nullable String toolChoice;

	private final @Nullable Boolean enableThinking;

	private final List<ToolCallback> toolCallbacks;

	private final Map<String, Object> toolContext;

	private final Map<String, Object> extraBody;

	private EpithreChatOptions(Builder builder) {
		this.model = builder.model;
		this.temperature = builder.temperature;
		this.maxTokens = builder.maxTokens;
		this.topP = builder.topP;
		this.topK = builder.topK;
		this.frequencyPenalty = builder.frequencyPenalty;
		this.presencePenalty = builder.presencePenalty;
		this.stopSequences = (builder.stopSequences != null) ? List.copyOf(builder.stopSequences) : null;
		this.seed = builder.seed;
		this.toolChoice = builder.toolChoice;
		this.enableThinking = builder.enableThinking;
		this.toolCallbacks = List.copyOf(builder.toolCallbacks);
		this.toolContext = Collections.unmodifiableMap(new LinkedHashMap<>(builder.toolContext));
		this.extraBody = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extraBody));
	}

	/**
	 * Start empty options.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public @Nullable String getModel() {
		return this.model;
	}

	@Override
	public @Nullable Double getTemperature() {
		return this.temperature;
	}

	@Override
	public @Nullable Integer getMaxTokens() {
		return this.maxTokens;
	}

	@Override
	public @Nullable Double getTopP() {
		return this.topP;
	}

	/**
	 * Return the top-k value kept for Spring AI; it is never sent (the Epithre API has no {@code top_k}).
	 * @return the value or {@code null}
	 */
	@Override
	public @Nullable Integer getTopK() {
		return this.topK;
	}

	@Override
	public @Nullable Double getFrequencyPenalty() {
		return this.frequencyPenalty;
	}

	@Override
	public @Nullable Double getPresencePenalty() {
		return this.presencePenalty;
	}

	@Override
	public @Nullable List<String> getStopSequences() {
		return this.stopSequences;
	}

	/**
	 * Return the sampling seed.
	 * @return the seed or {@code null}
	 */
	public @Nullable Long getSeed() {
		return this.seed;
	}

	/**
	 * Return the tool choice: {@code auto}, {@code none}, {@code required} or the name of a function to call.
	 * @return the choice or {@code null} for the API's default
	 */
	public @Nullable String getToolChoice() {
		return this.toolChoice;
	}

	/**
	 * Return whether the model should think before answering ({@code chat_template_kwargs.enable_thinking}).
	 * @return the switch or {@code null} to leave it to the model
	 */
	public @Nullable Boolean getEnableThinking() {
		return this.enableThinking;
	}

	@Override
	public List<ToolCallback> getToolCallbacks() {
		return this.toolCallbacks;
	}

	@Override
	public Map<String, Object> getToolContext() {
		return this.toolContext;
	}

	/**
	 * Return fields the request does not model, written into its JSON as they are (e.g.
	 * {@code parallel_tool_calls}).
	 * @return the fields, empty when none
	 */
	public Map<String, Object> getExtraBody() {
		return this.extraBody;
	}

	/**
	 * Return a builder holding these options.
	 * @return a builder
	 */
	@Override
	public Builder mutate() {
		Builder builder = new Builder();
		builder.model = this.model;
		builder.temperature = this.temperature;
		builder.maxTokens = this.maxTokens;
		builder.topP = this.topP;
		builder.topK = this.topK;
		builder.frequencyPenalty = this.frequencyPenalty;
		builder.presencePenalty = this.presencePenalty;
		builder.stopSequences = (this.stopSequences != null) ? new ArrayList<>(this.stopSequences) : null;
		builder.seed = this.seed;
		builder.toolChoice = this.toolChoice;
		builder.enableThinking = this.enableThinking;
		builder.toolCallbacks.addAll(this.toolCallbacks);
		builder.toolContext.putAll(this.toolContext);
		builder.extraBody.putAll(this.extraBody);
		return builder;
	}

	/**
	 * Return a copy of these options.
	 * @return the copy
	 */
	public EpithreChatOptions copy() {
		return mutate().build();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof EpithreChatOptions that && Objects.equals(this.model, that.model)
				&& Objects.equals(this.temperature, that.temperature) && Objects.equals(this.maxTokens, that.maxTokens)
				&& Objects.equals(this.topP, that.topP) && Objects.equals(this.topK, that.topK)
				&& Objects.equals(this.frequencyPenalty, that.frequencyPenalty)
				&& Objects.equals(this.presencePenalty, that.presencePenalty)
				&& Objects.equals(this.stopSequences, that.stopSequences) && Objects.equals(this.seed, that.seed)
				&& Objects.equals(this.toolChoice, that.toolChoice)
				&& Objects.equals(this.enableThinking, that.enableThinking)
				&& this.toolCallbacks.equals(that.toolCallbacks) && this.toolContext.equals(that.toolContext)
				&& this.extraBody.equals(that.extraBody));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.model, this.temperature, this.maxTokens, this.topP, this.topK, this.frequencyPenalty,
				this.presencePenalty, this.stopSequences, this.seed, this.toolChoice, this.enableThinking,
				this.toolCallbacks, this.toolContext, this.extraBody);
	}

	@Override
	public String toString() {
		return "EpithreChatOptions[model=" + this.model + ", temperature=" + this.temperature + ", maxTokens="
				+ this.maxTokens + ", topP=" + this.topP + ", tools=" + this.toolCallbacks.size() + "]";
	}

	/**
	 * Builder of {@link EpithreChatOptions}. Spring AI's {@code ChatClient} starts from the model's default options
	 * ({@code mutate()}), combines the request's options into it ({@link #combineWith}) and adds the request's tools.
	 */
	public static final class Builder implements ToolCallingChatOptions.Builder<Builder> {

		private @Nullable String model;

		private @Nullable Double temperature;

		private @Nullable Integer maxTokens;

		private @Nullable Double topP;

		private @Nullable Integer topK;

		private @Nullable Double frequencyPenalty;

		private @Nullable Double presencePenalty;

		private @Nullable List<String> stopSequences;

		private @Nullable Long seed;

		private @Nullable String toolChoice;

		private @Nullable Boolean enableThinking;

		private List<ToolCallback> toolCallbacks = new ArrayList<>();

		private Map<String, Object> toolContext = new LinkedHashMap<>();

		private Map<String, Object> extraBody = new LinkedHashMap<>();

		private Builder() {
		}

		@Override
		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		@Override
		public Builder temperature(@Nullable Double temperature) {
			this.temperature = temperature;
			return this;
		}

		@Override
		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		@Override
		public Builder topP(@Nullable Double topP) {
			this.topP = topP;
			return this;
		}

		@Override
		public Builder topK(@Nullable Integer topK) {
			this.topK = topK;
			return this;
		}

		@Override
		public Builder frequencyPenalty(@Nullable Double frequencyPenalty) {
			this.frequencyPenalty = frequencyPenalty;
			return this;
		}

		@Override
		public Builder presencePenalty(@Nullable Double presencePenalty) {
			this.presencePenalty = presencePenalty;
			return this;
		}

		@Override
		public Builder stopSequences(@Nullable List<String> stopSequences) {
			this.stopSequences = (stopSequences != null) ? new ArrayList<>(stopSequences) : null;
			return this;
		}

		/**
		 * Set the sampling seed.
		 * @param seed the seed
		 * @return this builder
		 */
		public Builder seed(@Nullable Long seed) {
			this.seed = seed;
			return this;
		}

		/**
		 * Set the tool choice.
		 * @param toolChoice {@code auto}, {@code none}, {@code required} or the name of a function the model must
		 * call
		 * @return this builder
		 */
		public Builder toolChoice(@Nullable String toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		/**
		 * Turn thinking on or off ({@code chat_template_kwargs.enable_thinking}).
		 * @param enableThinking the switch
		 * @return this builder
		 */
		public Builder enableThinking(@Nullable Boolean enableThinking) {
			this.enableThinking = enableThinking;
			return this;
		}

		/**
		 * Add a field the request does not model; it is written into the JSON as it is.
		 * @param name the JSON field name
		 * @param value its value
		 * @return this builder
		 */
		public Builder extraBody(String name, Object value) {
			this.extraBody.put(name, value);
			return this;
		}

		@Override
		public Builder toolCallbacks(List<ToolCallback> toolCallbacks) {
			this.toolCallbacks = new ArrayList<>(toolCallbacks);
			return this;
		}

		@Override
		public Builder toolCallbacks(ToolCallback... toolCallbacks) {
			return toolCallbacks(List.of(toolCallbacks));
		}

		@Override
		public Builder toolContext(Map<String, Object> toolContext) {
			this.toolContext = new LinkedHashMap<>(toolContext);
			return this;
		}

		@Override
		public Builder toolContext(String key, Object value) {
			this.toolContext.put(key, value);
			return this;
		}

		@Override
		public Builder clone() {
			return build().mutate();
		}

		/**
		 * Take the values the other builder sets: its non-null values replace these, its tool callbacks and stop
		 * sequences are added to these and its tool context is merged into this one. A builder of other options
		 * (e.g. {@code ChatOptions.builder()}) gives the values of the options it builds.
		 * @param other the builder whose values win
		 * @return this builder
		 */
		@Override
		public Builder combineWith(ChatOptions.Builder<?> other) {
			if (other instanceof Builder that) {
				combine(that.build());
			}
			else {
				combine(other.build());
			}
			return this;
		}

		private void combine(ChatOptions other) {
			this.model = (other.getModel() != null) ? other.getModel() : this.model;
			this.temperature = (other.getTemperature() != null) ? other.getTemperature() : this.temperature;
			this.maxTokens = (other.getMaxTokens() != null) ? other.getMaxTokens() : this.maxTokens;
			this.topP = (other.getTopP() != null) ? other.getTopP() : this.topP;
			this.topK = (other.getTopK() != null) ? other.getTopK() : this.topK;
			this.frequencyPenalty = (other.getFrequencyPenalty() != null) ? other.getFrequencyPenalty()
					: this.frequencyPenalty;
			this.presencePenalty = (other.getPresencePenalty() != null) ? other.getPresencePenalty()
					: this.presencePenalty;
			if (other.getStopSequences() != null) {
				List<String> stop = (this.stopSequences != null) ? new ArrayList<>(this.stopSequences)
						: new ArrayList<>();
				stop.addAll(other.getStopSequences());
				this.stopSequences = stop;
			}
			if (other instanceof ToolCallingChatOptions tools) {
				this.toolCallbacks.addAll(tools.getToolCallbacks());
				this.toolContext.putAll(tools.getToolContext());
			}
			if (other instanceof EpithreChatOptions epithre) {
				this.seed = (epithre.seed != null) ? epithre.seed : this.seed;
				this.toolChoice = (epithre.toolChoice != null) ? epithre.toolChoice : this.toolChoice;
				this.enableThinking = (epithre.enableThinking != null) ? epithre.enableThinking
						: this.enableThinking;
				this.extraBody.putAll(epithre.extraBody);
			}
		}

		@Override
		public EpithreChatOptions build() {
			return new EpithreChatOptions(this);
		}

	}

}
