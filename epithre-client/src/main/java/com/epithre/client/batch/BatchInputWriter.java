package com.epithre.client.batch;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.util.Assert;

import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.rerank.RerankRequest;

/**
 * Writes the JSONL input of a batch (docs/epithre-api.md, batches) from typed requests, one line
 * {@code {"custom_id":..,"method":"POST","url":..,"body":..}} each. Every line uses the writer's endpoint and a
 * {@code custom_id} not used before, so the worker cannot reject the file for either; a wrong request fails here.
 * Not thread-safe.
 *
 * @since 0.1.0
 */
public final class BatchInputWriter {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final String endpoint;

	private final Set<String> customIds = new LinkedHashSet<>();

	private final StringBuilder jsonl = new StringBuilder();

	private BatchInputWriter(String endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Start input for {@code /v1/embeddings}.
	 * @return the writer
	 */
	public static BatchInputWriter embeddings() {
		return new BatchInputWriter(BatchEndpoint.EMBEDDINGS);
	}

	/**
	 * Start input for {@code /v1/chat/completions}.
	 * @return the writer
	 */
	public static BatchInputWriter chatCompletions() {
		return new BatchInputWriter(BatchEndpoint.CHAT_COMPLETIONS);
	}

	/**
	 * Start input for {@code /v1/rerank}.
	 * @return the writer
	 */
	public static BatchInputWriter rerank() {
		return new BatchInputWriter(BatchEndpoint.RERANK);
	}

	/**
	 * Add an embeddings request. Unlike {@code embeddings().create(..)}, a batch line is not split, so it must stay
	 * within one request's limits.
	 * @param customId the id its answer carries, unique within the file
	 * @param request the request
	 * @return this writer
	 */
	public BatchInputWriter add(String customId, EmbeddingRequest request) {
		Assert.isTrue(request.input().size() <= EmbeddingRequest.MAX_TEXTS,
				() -> "a batch line holds one request: at most 64 inputs (docs/epithre-api.md, embeddings and batches), '" + customId
						+ "' has " + request.input().size());
		return line(customId, BatchEndpoint.EMBEDDINGS, request);
	}

	/**
	 * Add a chat completion request; it must not stream.
	 * @param customId the id its answer carries, unique within the file
	 * @param request the request
	 * @return this writer
	 */
	public BatchInputWriter add(String customId, ChatCompletionRequest request) {
		Assert.isTrue(!Boolean.TRUE.equals(request.stream()),
				() -> "a batch line cannot stream (docs/epithre-api.md, batches), '" + customId + "' sets stream");
		return line(customId, BatchEndpoint.CHAT_COMPLETIONS, request);
	}

	/**
	 * Add a rerank request.
	 * @param customId the id its answer carries, unique within the file
	 * @param request the request
	 * @return this writer
	 */
	public BatchInputWriter add(String customId, RerankRequest request) {
		return line(customId, BatchEndpoint.RERANK, request);
	}

	private BatchInputWriter line(String customId, String url, Object body) {
		Assert.hasText(customId, "custom_id must not be empty (docs/epithre-api.md, batches)");
		Assert.notNull(body, "request must not be null");
		Assert.isTrue(this.endpoint.equals(url), () -> "every line of a batch must use its endpoint "
				+ this.endpoint + " (docs/epithre-api.md, batches), '" + customId + "' is for " + url);
		Assert.isTrue(!this.customIds.contains(customId),
				() -> "custom_id '" + customId + "' is already used: output is joined on it (docs/epithre-api.md, batches)");
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("custom_id", customId);
		line.put("method", "POST");
		line.put("url", url);
		line.put("body", body);
		this.jsonl.append(MAPPER.writeValueAsString(line)).append('\n');
		this.customIds.add(customId);
		return this;
	}

	/**
	 * Return the endpoint every line uses, for {@link BatchCreateRequest#endpoint()}.
	 * @return the endpoint
	 */
	public String endpoint() {
		return this.endpoint;
	}

	/**
	 * Return the custom ids written so far, in order.
	 * @return the ids
	 */
	public Set<String> customIds() {
		return Collections.unmodifiableSet(new LinkedHashSet<>(this.customIds));
	}

	/**
	 * Return the JSONL text.
	 * @return the lines, each ending with a newline
	 */
	public String toJsonl() {
		Assert.state(!this.customIds.isEmpty(), "a batch needs at least one line (docs/epithre-api.md, batches)");
		return this.jsonl.toString();
	}

	/**
	 * Return the JSONL as a resource to upload with purpose {@code batch_input}.
	 * @param filename the file name
	 * @return the resource
	 */
	public Resource toResource(String filename) {
		byte[] bytes = toJsonl().getBytes(StandardCharsets.UTF_8);
		return new ByteArrayResource(bytes) {

			@Override
			public String getFilename() {
				return filename;
			}

		};
	}

}
