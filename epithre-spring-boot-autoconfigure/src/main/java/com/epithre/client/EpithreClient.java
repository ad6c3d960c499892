package com.epithre.client;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.chat.ChatService;
import com.epithre.client.models.ModelService;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.client.resilience.KeyConcurrencyLimiter;

/**
 * Reactive client of the Epithre API; resources hang off it ({@link #chat()}, {@link #models()}). Thread-safe;
 * create one per API key and share it.
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
	 * Start a client on a copy of a {@code WebClient.Builder}, so codecs, observations and connectors configured on
	 * it (e.g. by Spring Boot) apply; the given builder itself is not changed.
	 * @param webClientBuilder the builder to copy
	 * @return a client builder
	 */
	static Builder builder(WebClient.Builder webClientBuilder) {
		return new DefaultEpithreClient.DefaultBuilder(webClientBuilder);
	}

	/**
	 * Apply base URL, {@code Authorization: Bearer}, {@code User-Agent} and codec limits to a {@code WebClient}
	 * builder, for a {@code WebClient} that is later given to {@link Builder#webClient(WebClient)}.
	 * @param webClientBuilder the builder to change
	 * @param settings the settings to apply
	 * @return the same builder
	 */
	static WebClient.Builder configure(WebClient.Builder webClientBuilder, EpithreClientSettings settings) {
		return DefaultEpithreClient.configure(webClientBuilder, settings);
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
		 * Customize the copied {@code WebClient.Builder} after the client applied its settings.
		 * @param customizer the customizer
		 * @return this builder
		 */
		Builder webClientBuilder(Consumer<WebClient.Builder> customizer);

		/**
		 * Use a ready {@code WebClient} instead of building one; it must already carry base URL and
		 * authorization, e.g. from {@link EpithreClient#configure(WebClient.Builder, EpithreClientSettings)} with
		 * the same settings.
		 * @param webClient the client to use
		 * @return this builder
		 */
		Builder webClient(WebClient webClient);

		/**
		 * Share retry registry, per-key limiters and {@code backend_busy} windows with other clients; without it the
		 * client gets its own.
		 * @param resilience the shared resilience
		 * @return this builder
		 */
		Builder resilience(EpithreResilience resilience);

		/**
		 * Build the client.
		 * @return the client
		 */
		EpithreClient build();

	}

}
