package com.epithre.ai;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.util.Assert;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.embedding.EmbeddingUsage;

/**
 * Spring AI's {@link EmbeddingModel} on an {@link EpithreClient}: {@code POST /v1/embeddings}
 * (docs/resources.md), with the client's splitting of large inputs, retries, limiter and typed errors, which reach
 * the caller unwrapped. {@link #call(EmbeddingRequest)} waits for the client's answer, as Spring AI's synchronous
 * contract requires: do not call it on an event-loop thread. Like {@link EpithreChatModel}, it records no Spring
 * AI observation of its own: the client's {@code epithre.client} observation records each call once.
 *
 * @since 0.1.0
 */
public final class EpithreEmbeddingModel implements EmbeddingModel {

	/** The model when neither the options nor the request name one. */
	public static final String DEFAULT_MODEL = com.epithre.client.embedding.EmbeddingRequest.DEFAULT_MODEL;

	private final EpithreClient client;

	private final EmbeddingOptions options;

	private final RequestOptions requestOptions;

	/**
	 * Create a model with {@value #DEFAULT_MODEL} and the server's default dimensions.
	 * @param client the client
	 */
	public EpithreEmbeddingModel(EpithreClient client) {
		this(client, EmbeddingOptions.builder().model(DEFAULT_MODEL).build(), RequestOptions.none());
	}

	/**
	 * Create a model.
	 * @param client the client
	 * @param options the default model and dimensions of every call
	 * @param requestOptions the per-call options of the client's calls, e.g. a tenant's API key
	 */
	public EpithreEmbeddingModel(EpithreClient client, EmbeddingOptions options, RequestOptions requestOptions) {
		Assert.notNull(client, "client must not be null");
		Assert.notNull(options, "options must not be null");
		Assert.notNull(requestOptions, "requestOptions must not be null");
		this.client = client;
		this.options = options;
		this.requestOptions = requestOptions;
	}

	/**
	 * Return the default options of every call.
	 * @return the options
	 */
	public EmbeddingOptions getOptions() {
		return this.options;
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		EmbeddingOptions callOptions = request.getOptions();
		String model = firstNonNull((callOptions != null) ? callOptions.getModel() : null, this.options.getModel(),
				DEFAULT_MODEL);
		Integer dimensions = (callOptions != null && callOptions.getDimensions() != null) ? callOptions.getDimensions()
				: this.options.getDimensions();
		com.epithre.client.embedding.EmbeddingRequest epithreRequest = com.epithre.client.embedding.EmbeddingRequest
			.builder()
			.model(model)
			.texts(request.getInstructions())
			.dimensions(dimensions)
			.build();
		com.epithre.client.embedding.EmbeddingResponse response = this.client.embeddings()
			.create(epithreRequest, this.requestOptions)
			.block();
		Assert.state(response != null, "The Epithre client completed without an answer");
		List<Embedding> embeddings = new ArrayList<>(response.data().size());
		response.data().forEach((embedding) -> embeddings.add(new Embedding(embedding.embedding(), embedding.index())));
		EmbeddingUsage usage = response.usage();
		EmbeddingResponseMetadata metadata = new EmbeddingResponseMetadata(
				(response.model() != null) ? response.model() : model,
				(usage != null) ? new DefaultUsage(usage.promptTokens(), 0, usage.totalTokens(), usage)
						: new DefaultUsage(0, 0));
		return new EmbeddingResponse(embeddings, metadata);
	}

	@Override
	public float[] embed(Document document) {
		return embed(getEmbeddingContent(document));
	}

	@Override
	public int dimensions() {
		return (this.options.getDimensions() != null) ? this.options.getDimensions() : EmbeddingModel.super.dimensions();
	}

	private static String firstNonNull(@Nullable String first, @Nullable String second, String fallback) {
		return (first != null) ? first : (second != null) ? second : fallback;
	}

}
