package com.epithre.client.internal;

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
import com.epithre.client.error.EpithreNotFoundException;
import com.epithre.client.file.FileService;
import com.epithre.client.image.ImageService;
import com.epithre.client.models.ModelService;
import com.epithre.client.observation.EpithreClientStats;
import com.epithre.client.observation.EpithreObservationConvention;
import com.epithre.client.rerank.RerankService;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.client.resilience.KeyConcurrencyLimiter;
import com.epithre.client.retrieval.RetrievalService;
import com.epithre.client.webhook.WebhookService;

/**
 * The services of one client over one exchange, with the options every call of them starts from. The only way into
 * this package: {@code EpithreClient}'s implementation delegates to it.
 */
public final class ClientServices {

	/** Authenticated and token-free (docs/epithre-api.md, batches: list, newest first, {@code limit} up to 100). */
	static final String KEY_CHECK_PATH = "/batches?limit=1";

	private final EpithreHttp http;

	private final RequestOptions defaults;

	private final ChatService chat;

	private final ModelService models;

	private final EmbeddingService embeddings;

	private final RerankService rerank;

	private final RetrievalService retrieval;

	private final ImageService images;

	private final FileService files;

	private final BatchService batches;

	private final WebhookService webhooks;

	private ClientServices(EpithreHttp http, RequestOptions defaults) {
		this.http = http;
		this.defaults = defaults;
		this.chat = new DefaultChatService(http, defaults);
		this.models = new DefaultModelService(http, defaults);
		this.embeddings = new DefaultEmbeddingService(http, defaults);
		this.rerank = new DefaultRerankService(http, defaults);
		this.retrieval = new DefaultRetrievalService(http, defaults);
		this.images = new DefaultImageService(http, defaults);
		this.files = new DefaultFileService(http, defaults);
		this.batches = new DefaultBatchService(http, defaults);
		this.webhooks = new DefaultWebhookService(http, defaults);
	}

	/**
	 * Create the services of a new client.
	 * @param webClientBuilder the builder the client's {@code WebClient} is copied from
	 * @param settings the client's settings
	 * @param resilience the retry, limiter and coordination state
	 * @param observationRegistry where calls are observed
	 * @param observationConvention the observation names and tags, or {@code null} for the default
	 * @return the services
	 */
	public static ClientServices create(WebClient.Builder webClientBuilder, EpithreClientSettings settings,
			EpithreResilience resilience, ObservationRegistry observationRegistry,
			@Nullable EpithreObservationConvention observationConvention) {
		return new ClientServices(new EpithreHttp(webClientBuilder, settings, resilience, observationRegistry,
				observationConvention, new EpithreClientStats()), RequestOptions.none());
	}

	/**
	 * Return the same services over the same exchange, with the given options under every call's own.
	 * @param options the options
	 * @return the services
	 */
	public ClientServices withOptions(RequestOptions options) {
		Assert.notNull(options, "options must not be null");
		return new ClientServices(this.http, options.withDefaults(this.defaults));
	}

	/**
	 * Check the key with a cheap authenticated call.
	 * @param options the call's options
	 * @return completes when the key was accepted
	 */
	public Mono<Void> verifyApiKey(RequestOptions options) {
		Assert.notNull(options, "options must not be null");
		return this.http.get(KEY_CHECK_PATH, byte[].class, options.withDefaults(this.defaults))
			.then()
			// the key got past authentication: only the route is unknown (assumed: OpenAI-compatible)
			.onErrorResume(EpithreNotFoundException.class, (ex) -> Mono.empty());
	}

	public ChatService chat() {
		return this.chat;
	}

	public ModelService models() {
		return this.models;
	}

	public EmbeddingService embeddings() {
		return this.embeddings;
	}

	public RerankService rerank() {
		return this.rerank;
	}

	public RetrievalService retrieval() {
		return this.retrieval;
	}

	public ImageService images() {
		return this.images;
	}

	public FileService files() {
		return this.files;
	}

	public BatchService batches() {
		return this.batches;
	}

	public WebhookService webhooks() {
		return this.webhooks;
	}

	public EpithreClientSettings settings() {
		return this.http.settings();
	}

	public KeyConcurrencyLimiter limiter() {
		return this.http.limiter();
	}

	public EpithreResilience resilience() {
		return this.http.resilience();
	}

	public EpithreClientStats stats() {
		return this.http.stats();
	}

	public WebClient webClient() {
		return this.http.webClient();
	}

}
