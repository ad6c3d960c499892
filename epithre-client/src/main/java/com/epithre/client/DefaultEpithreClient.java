package com.epithre.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.batch.BatchService;
import com.epithre.client.chat.ChatService;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.embedding.EmbeddingService;
import com.epithre.client.file.FileService;
import com.epithre.client.image.ImageService;
import com.epithre.client.internal.ClientServices;
import com.epithre.client.models.ModelService;
import com.epithre.client.observation.EpithreClientStats;
import com.epithre.client.observation.EpithreObservationConvention;
import com.epithre.client.rerank.RerankService;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.client.resilience.KeyConcurrencyLimiter;
import com.epithre.client.retrieval.RetrievalService;
import com.epithre.client.webhook.WebhookService;

/**
 * Default {@link EpithreClient}.
 */
final class DefaultEpithreClient implements EpithreClient {

	private final ClientServices services;

	DefaultEpithreClient(ClientServices services) {
		this.services = services;
	}

	@Override
	public ChatService chat() {
		return this.services.chat();
	}

	@Override
	public EmbeddingService embeddings() {
		return this.services.embeddings();
	}

	@Override
	public RerankService rerank() {
		return this.services.rerank();
	}

	@Override
	public RetrievalService retrieval() {
		return this.services.retrieval();
	}

	@Override
	public ImageService images() {
		return this.services.images();
	}

	@Override
	public FileService files() {
		return this.services.files();
	}

	@Override
	public BatchService batches() {
		return this.services.batches();
	}

	@Override
	public WebhookService webhooks() {
		return this.services.webhooks();
	}

	@Override
	public ModelService models() {
		return this.services.models();
	}

	@Override
	public EpithreClientSettings settings() {
		return this.services.settings();
	}

	@Override
	public KeyConcurrencyLimiter concurrencyLimiter() {
		return this.services.limiter();
	}

	@Override
	public EpithreResilience resilience() {
		return this.services.resilience();
	}

	@Override
	public EpithreClientStats stats() {
		return this.services.stats();
	}

	@Override
	public WebClient webClient() {
		return this.services.webClient();
	}

	@Override
	public EpithreClient withOptions(RequestOptions options) {
		return new DefaultEpithreClient(this.services.withOptions(options));
	}

	@Override
	public Mono<Void> verifyApiKey(RequestOptions options) {
		return this.services.verifyApiKey(options);
	}

	@Override
	public String toString() {
		return "EpithreClient[" + settings() + "]";
	}

	static final class DefaultBuilder implements Builder {

		private final WebClient.Builder webClientBuilder;

		private final List<Consumer<WebClient.Builder>> webClientCustomizers = new ArrayList<>();

		private EpithreClientSettings settings = EpithreClientSettings.defaults();

		private @Nullable EpithreResilience resilience;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable EpithreObservationConvention observationConvention;

		DefaultBuilder(WebClient.Builder webClientBuilder) {
			Assert.notNull(webClientBuilder, "webClientBuilder must not be null");
			this.webClientBuilder = webClientBuilder;
		}

		@Override
		public Builder settings(EpithreClientSettings settings) {
			Assert.notNull(settings, "settings must not be null");
			this.settings = settings;
			return this;
		}

		@Override
		public Builder settings(UnaryOperator<EpithreClientSettings> change) {
			return settings(change.apply(this.settings));
		}

		@Override
		public Builder webClientBuilder(Consumer<WebClient.Builder> customizer) {
			Assert.notNull(customizer, "customizer must not be null");
			this.webClientCustomizers.add(customizer);
			return this;
		}

		@Override
		public Builder resilience(EpithreResilience resilience) {
			this.resilience = resilience;
			return this;
		}

		@Override
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			Assert.notNull(observationRegistry, "observationRegistry must not be null");
			this.observationRegistry = observationRegistry;
			return this;
		}

		@Override
		public Builder observationConvention(@Nullable EpithreObservationConvention observationConvention) {
			this.observationConvention = observationConvention;
			return this;
		}

		@Override
		public EpithreClient build() {
			WebClient.Builder builder = this.webClientBuilder.clone();
			this.webClientCustomizers.forEach((customizer) -> customizer.accept(builder));
			EpithreResilience resilience = (this.resilience != null) ? this.resilience : EpithreResilience.create();
			return new DefaultEpithreClient(ClientServices.create(builder, this.settings, resilience,
					this.observationRegistry, this.observationConvention));
		}

	}

}
