package com.epithre.client;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.batch.BatchService;
import com.epithre.client.chat.ChatService;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.embedding.EmbeddingService;
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
 * Reactive client of the Epithre API; resources hang off it ({@link #chat()}, {@link #models()}). Thread-safe;
 * create one per base URL and share it. Calls for other API keys (one per tenant) go through the same client with
 * {@link RequestOptions#withApiKey(String)}, each key with its own concurrency limiter.
 *
 * <pre class="code">
 * EpithreClient client = EpithreClient.builder(WebClient.builder())
 *     .settings((s) -&gt; s.withApiKey(System.getenv("EPITHRE_API_KEY")))
 *     .build();
 * client.chat().stream(ChatCompletionRequest.builder("epithre-omni").user("Halo!").build())
 *     .map(ChatCompletionChunk::text)
 *     .subscribe(System.out::print);
 * </pre>
 *
 * @since 0.1.0
 */
public interface EpithreClient {

	/**
	 * Return the chat completions resource.
	 * @return chat
	 */
	ChatService chat();

	/**
	 * Return the model catalogue resource.
	 * @return models
	 */
	ModelService models();

	/**
	 * Return embeddings, {@code POST /v1/embeddings} (docs/epithre-api.md, embeddings); large inputs are split and
	 * joined in order.
	 * @return the embeddings resource
	 */
	EmbeddingService embeddings();

	/**
	 * Return rerank, {@code POST /v1/rerank} (docs/epithre-api.md, rerank).
	 * @return the rerank resource
	 */
	RerankService rerank();

	/**
	 * Return retrieval over knowledge files, {@code POST /v1/retrieval} (docs/epithre-api.md, retrieval).
	 * @return the retrieval resource
	 */
	RetrievalService retrieval();

	/**
	 * Return images with {@code epithre-iris} (docs/epithre-api.md, images): generations and edits, answers decoded to
	 * bytes.
	 * @return the images resource
	 */
	ImageService images();

	/**
	 * Return files, {@code /v1/files} (docs/epithre-api.md, files): streamed uploads, listing, content, deletion.
	 * @return the files resource
	 */
	FileService files();

	/**
	 * Return batches, {@code /v1/batches} (docs/epithre-api.md, batches), including a {@code Flux} that follows a
	 * batch's status.
	 * @return the batches resource
	 */
	BatchService batches();

	/**
	 * Return webhooks, {@code /v1/webhooks} (docs/epithre-api.md, webhooks): register (the secret is returned only
	 * once), list,
	 * delete.
	 * @return the webhooks resource
	 */
	WebhookService webhooks();

	/**
	 * Return the concurrency limiter of this client's API key, shared with every client of the same
	 * {@link EpithreResilience} and key.
	 * @return the limiter
	 */
	KeyConcurrencyLimiter concurrencyLimiter();

	/**
	 * Return the settings this client was built with.
	 * @return the settings
	 */
	EpithreClientSettings settings();

	/**
	 * Return the shared resilience (retry registry, per-key limiters, retries by cause) this client's calls go
	 * through.
	 * @return the resilience
	 */
	EpithreResilience resilience();

	/**
	 * Return what this client saw recently: 429s by code, the last error's request id, the share of
	 * {@code backend_busy} among recent calls and the last model catalogue fetched. Nothing in it is secret.
	 * @return the statistics, shared by the views of {@link #withOptions(RequestOptions)}
	 */
	EpithreClientStats stats();

	/**
	 * Return a view of this client whose calls use the given options unless a call passes its own, e.g. a short
	 * timeout and no retry for a health check. The view shares the connection, limiter, statistics and observations.
	 * <pre class="code">
	 * client.withOptions(RequestOptions.none().withResponseTimeout(Duration.ofSeconds(5)).withoutRetry())
	 *     .models().list();
	 * </pre>
	 * @param options the defaults of the view's calls
	 * @return the view
	 */
	EpithreClient withOptions(RequestOptions options);

	/**
	 * Check that Epithre accepts this client's API key, which {@code GET /v1/models} cannot tell (docs/epithre-api.md,
	 * authentication):
	 * sends {@code GET /v1/batches?limit=1}, an authenticated call that costs no tokens but counts against the key's
	 * requests per minute and per day (docs/epithre-api.md, batches and limits and timeouts). Any answer other than
	 * 401 means the key was accepted,
	 * 404 included (the path is authenticated before it is routed; assumed: OpenAI-compatible).
	 * @param options per-call overrides, e.g. a short timeout
	 * @return completes when the key was accepted; fails with {@code EpithreAuthenticationException} when it was
	 * rejected, or with the error that prevented the check
	 */
	Mono<Void> verifyApiKey(RequestOptions options);

	/**
	 * Return a {@code WebClient} for Epithre endpoints this client does not model: this client's base URL, connector,
	 * codecs and {@code User-Agent}, with its API key added to each request that carries no {@code Authorization} of
	 * its own. It has none of the client's retry, limits, timeouts or typed errors.
	 * @return the web client
	 */
	WebClient webClient();

	/**
	 * Start a client on a copy of a {@code WebClient.Builder}, so codecs, observations and connectors configured on
	 * it (e.g. by Spring Boot) apply; the given builder itself is not changed.
	 * @param webClientBuilder the builder to copy
	 * @return a client builder
	 */
	static Builder builder(WebClient.Builder webClientBuilder) {
		return new DefaultEpithreClient.DefaultBuilder(webClientBuilder);
	}

	/**
	 * Builder of {@link EpithreClient}.
	 */
	interface Builder {

		/**
		 * Replace the settings.
		 * @param settings the settings
		 * @return this builder
		 */
		Builder settings(EpithreClientSettings settings);

		/**
		 * Change the settings.
		 * @param change function from the current to the new settings
		 * @return this builder
		 */
		Builder settings(UnaryOperator<EpithreClientSettings> change);

		/**
		 * Customize the copied {@code WebClient.Builder} (filters, connector, codecs) before the client builds its
		 * {@code WebClient}. The base URL, {@code User-Agent} and the size limit of answers come from the settings and
		 * are applied after the customizers; the API key is added to each request by the client, never as a default
		 * header.
		 * @param customizer the customizer
		 * @return this builder
		 */
		Builder webClientBuilder(Consumer<WebClient.Builder> customizer);

		/**
		 * Share retry registry, per-key limiters and {@code backend_busy} windows with other clients; without it the
		 * client gets its own.
		 * @param resilience the shared resilience
		 * @return this builder
		 */
		Builder resilience(EpithreResilience resilience);

		/**
		 * Observe every call with this registry ({@link ObservationRegistry#NOOP} by default): an observation named
		 * {@code gen_ai.client.operation.duration} per operation, see
		 * {@link com.epithre.client.observation.EpithreObservationDocumentation}.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		Builder observationRegistry(ObservationRegistry observationRegistry);

		/**
		 * Name and tag observations with this convention instead of
		 * {@link com.epithre.client.observation.DefaultEpithreObservationConvention}.
		 * @param observationConvention the convention, or {@code null} for the default
		 * @return this builder
		 */
		Builder observationConvention(@Nullable EpithreObservationConvention observationConvention);

		/**
		 * Build the client.
		 * @return the client
		 */
		EpithreClient build();

	}

}
