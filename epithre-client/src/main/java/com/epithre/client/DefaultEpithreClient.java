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
import com.epithre.client.embedding.EmbeddingService;
import com.epithre.client.error.EpithreNotFoundException;
import com.epithre.client.file.FileService;
import com.epithre.client.image.ImageService;
import com.epithre.client.internal.DefaultBatchService;
import com.epithre.client.internal.DefaultChatService;
import com.epithre.client.internal.DefaultEmbeddingService;
import com.epithre.client.internal.DefaultFileService;
import com.epithre.client.internal.DefaultImageService;
import com.epithre.client.internal.DefaultModelService;
import com.epithre.client.internal.DefaultRerankService;
import com.epithre.client.internal.DefaultRetrievalService;
import com.epithre.client.internal.DefaultWebhookService;
import com.epithre.client.internal.EpithreHttp;
import com.epithre.client.internal.EpithreHttpExtras;
import com.epithre.client.internal.RequestOptionsSupport;
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

	/** Room for large JSON answers (embeddings of 64 inputs, base64 images) beyond WebFlux's 256 KB default. */
	static final int MAX_IN_MEMORY_SIZE = 32 * 1024 * 1024;

	/** Authenticated and token-free (docs/epithre-api.md, batches: list, newest first, {@code limit} up to 100). */
	static final String KEY_CHECK_PATH = "/batches?limit=1";

	private final EpithreClientSettings settings;

	private final ChatService chat;

	private final ModelService models;

	private final EmbeddingService embeddings;

	private final RerankService rerank;

	private final RetrievalService retrieval;

	private final ImageService images;

	private final FileService files;

	private final BatchService batches;

	private final WebhookService webhooks;

	private final EpithreHttp http;

	private final RequestOptions defaults;

	DefaultEpithreClient(EpithreHttp http, RequestOptions defaults) {
		this.settings = http.settings();
		this.http = http;
		this.defaults = defaults;
		this.chat = new DefaultChatService(http, defaults);
		this.models = new DefaultModelService(http, defaults);
		this.embeddings = new DefaultEmbeddingService(http, defaults);
		this.rerank = new DefaultRerankService(http, defaults);
		this.retrieval = new DefaultRetrievalService(http, defaults);
		this.images = new DefaultImageService(http, defaults);
		this.files = new DefaultFileService(new EpithreHttpExtras(http, http.webClient()), defaults);
		this.batches = new DefaultBatchService(http, defaults);
		this.webhooks = new DefaultWebhookService(new EpithreHttpExtras(http, http.webClient()), defaults);
	}

	@Override
	public ChatService chat() {
		return this.chat;
	}

	@Override
	public EmbeddingService embeddings() {
		return this.embeddings;
	}

	@Override
	public RerankService rerank() {
		return this.rerank;
	}

	@Override
	public RetrievalService retrieval() {
		return this.retrieval;
	}

	@Override
	public ImageService images() {
		return this.images;
	}

	@Override
	public FileService files() {
		return this.files;
	}

	@Override
	public BatchService batches() {
		return this.batches;
	}

	@Override
	public WebhookService webhooks() {
		return this.webhooks;
	}

	@Override
	public ModelService models() {
		return this.models;
	}

	@Override
	public EpithreClientSettings settings() {
		return this.settings;
	}

	@Override
	public KeyConcurrencyLimiter concurrencyLimiter() {
		return this.http.limiter();
	}

	@Override
	public EpithreResilience resilience() {
		return this.http.resilience();
	}

	@Override
	public EpithreClientStats stats() {
		return this.http.stats();
	}

	@Override
	public EpithreClient withOptions(RequestOptions options) {
		Assert.notNull(options, "options must not be null");
		return new DefaultEpithreClient(this.http, RequestOptionsSupport.merge(this.defaults, options));
	}

	@Override
	public Mono<Void> verifyApiKey(RequestOptions options) {
		Assert.notNull(options, "options must not be null");
		return this.http.get(KEY_CHECK_PATH, byte[].class, RequestOptionsSupport.merge(this.defaults, options))
			.then()
			// the key got past authentication: only the route is unknown (assumed: OpenAI-compatible)
			.onErrorResume(EpithreNotFoundException.class, (ex) -> Mono.empty());
	}

	@Override
	public String toString() {
		return "EpithreClient[" + this.settings + "]";
	}

	static WebClient.Builder configure(WebClient.Builder builder, EpithreClientSettings settings) {
		// names in lower case: HttpHeaders keys each name by its lower-case form, so a capitalized name costs a new
		// string every time WebClient copies the default headers into a request (header names are case-insensitive)
		builder.baseUrl(settings.baseUrl()).defaultHeaders((headers) -> {
			headers.set("user-agent", settings.userAgent());
			if (settings.apiKey() != null) {
				headers.set("authorization", "Bearer " + settings.apiKey());
			}
		}).codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_IN_MEMORY_SIZE));
		return builder;
	}

	static final class DefaultBuilder implements Builder {

		private final WebClient.Builder webClientBuilder;

		private final List<Consumer<WebClient.Builder>> webClientCustomizers = new ArrayList<>();

		private EpithreClientSettings settings = EpithreClientSettings.defaults();

		private @Nullable WebClient webClient;

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
			this.webClientCustomizers.add(customizer);
			return this;
		}

		@Override
		public Builder webClient(WebClient webClient) {
			this.webClient = webClient;
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
			WebClient webClient = this.webClient;
			if (webClient == null) {
				WebClient.Builder builder = configure(this.webClientBuilder.clone(), this.settings);
				this.webClientCustomizers.forEach((customizer) -> customizer.accept(builder));
				webClient = builder.build();
			}
			EpithreResilience resilience = (this.resilience != null) ? this.resilience : EpithreResilience.create();
			EpithreHttp http = new EpithreHttp(webClient, this.settings, resilience, this.observationRegistry,
					this.observationConvention, new EpithreClientStats());
			return new DefaultEpithreClient(http, RequestOptions.none());
		}

	}

}
