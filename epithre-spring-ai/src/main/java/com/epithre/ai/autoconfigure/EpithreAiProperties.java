package com.epithre.ai.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of Epithre's Spring AI models, under {@code epithre.ai}. The connection (base URL, key,
 * timeouts, retries, limits) is the {@code EpithreClient}'s, from the {@code epithre.*} properties.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(EpithreAiProperties.PREFIX)
public class EpithreAiProperties {

	/** The prefix of the properties. */
	public static final String PREFIX = "epithre.ai";

	/**
	 * Chat model settings.
	 */
	private final Chat chat = new Chat();

	/**
	 * Embedding model settings.
	 */
	private final Embedding embedding = new Embedding();

	public Chat getChat() {
		return this.chat;
	}

	public Embedding getEmbedding() {
		return this.embedding;
	}

	/**
	 * Settings of the {@code EpithreChatModel}.
	 */
	public static class Chat {

		/**
		 * Whether to create the Spring AI ChatModel on the Epithre client.
		 */
		private boolean enabled = true;

		/**
		 * Model of chat calls whose options name none: epithre-omni, epithre-prme or epithre-lyt.
		 */
		private String model = "epithre-omni";

		/**
		 * Default sampling temperature; the model's own default when unset.
		 */
		private @Nullable Double temperature;

		/**
		 * Default output token limit; the model's own default when unset.
		 */
		private @Nullable Integer maxTokens;

		/**
		 * Default nucleus sampling; the model's own default when unset.
		 */
		private @Nullable Double topP;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getModel() {
			return this.model;
		}

		public void setModel(String model) {
			this.model = model;
		}

		public @Nullable Double getTemperature() {
			return this.temperature;
		}

		public void setTemperature(@Nullable Double temperature) {
			this.temperature = temperature;
		}

		public @Nullable Integer getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
		}

		public @Nullable Double getTopP() {
			return this.topP;
		}

		public void setTopP(@Nullable Double topP) {
			this.topP = topP;
		}

	}

	/**
	 * Settings of the {@code EpithreEmbeddingModel}.
	 */
	public static class Embedding {

		/**
		 * Whether to create the Spring AI EmbeddingModel on the Epithre client.
		 */
		private boolean enabled = true;

		/**
		 * Model of embedding calls whose options name none.
		 */
		private String model = "epithre-embed";

		/**
		 * Dimensions of the vectors (1 to 4000); the model's own default when unset.
		 */
		private @Nullable Integer dimensions;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getModel() {
			return this.model;
		}

		public void setModel(String model) {
			this.model = model;
		}

		public @Nullable Integer getDimensions() {
			return this.dimensions;
		}

		public void setDimensions(@Nullable Integer dimensions) {
			this.dimensions = dimensions;
		}

	}

}
