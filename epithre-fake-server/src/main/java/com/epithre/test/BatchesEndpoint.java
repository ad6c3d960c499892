package com.epithre.test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake server's {@code /v1/batches} (docs/epithre-api.md, batches). A worker visits batches every cadence (5 s
 * unless set):
 * a batch reads {@code validating} until the first visit, {@code in_progress} until the second, then
 * {@code completed} with an output file whose lines are the fake's own answers to each input line. A batch with a
 * malformed input line stays {@code validating}, as the documentation describes. States are computed when read, so
 * no thread runs between requests.
 */
final class BatchesEndpoint {

	static final String PATH = "/v1/batches";

	/** The worker cadence of docs/epithre-api.md, batches. */
	static final Duration DEFAULT_CADENCE = Duration.ofSeconds(5);

	/** Rupiah charged per answered line; the real price depends on the request (docs/epithre-api.md, ids, money and time). */
	private static final String COST_PER_LINE = "0.012";

	private static final Set<String> ENDPOINTS = Set.of("/v1/chat/completions", "/v1/embeddings", "/v1/rerank");

	private final FilesEndpoint files;

	private final WebhooksEndpoint webhooks = new WebhooksEndpoint();

	private final Map<String, StoredBatch> batches = new LinkedHashMap<>();

	private volatile Duration cadence = DEFAULT_CADENCE;

	BatchesEndpoint(FilesEndpoint files) {
		this.files = files;
	}

	FilesEndpoint files() {
		return this.files;
	}

	WebhooksEndpoint webhooks() {
		return this.webhooks;
	}

	void cadence(Duration cadence) {
		this.cadence = cadence;
	}

	synchronized void reset() {
		this.batches.clear();
		this.cadence = DEFAULT_CADENCE;
		this.webhooks.reset();
	}

	DefaultApi.Outcome respond(RecordedRequest request, String reply) {
		String method = request.method();
		String path = request.path();
		if ("POST".equals(method) && path.equals(PATH)) {
			return create(request);
		}
		if ("GET".equals(method) && path.equals(PATH)) {
			return list(request.query());
		}
		String rest = path.substring(PATH.length() + 1);
		boolean cancel = rest.endsWith("/cancel");
		String id = cancel ? rest.substring(0, rest.length() - "/cancel".length()) : rest;
		StoredBatch batch;
		synchronized (this) {
			batch = this.batches.get(id);
		}
		if (batch == null || id.contains("/")) {
			return new DefaultApi.Outcome(FakeResponse.error(404, "invalid_request_error", "batch_not_found",
					"No such batch: '" + id + "'"), false);
		}
		if ("POST".equals(method) && cancel) {
			synchronized (batch) {
				String status = status(batch, reply);
				if (!"validating".equals(status) && !"in_progress".equals(status)) {
					return DefaultApi.invalid("Batch '" + id + "' is " + status + " and cannot be cancelled");
				}
				batch.cancelledAt = Instant.now().getEpochSecond();
			}
			return ok(batch, reply);
		}
		if ("GET".equals(method) && !cancel) {
			return ok(batch, reply);
		}
		return new DefaultApi.Outcome(FakeResponse.notFound("Unknown request URL: " + method + " " + path), false);
	}

	private DefaultApi.Outcome create(RecordedRequest request) {
		JsonNode json = Json.readTree(request.rawBody());
		if (json == null || !json.isObject()) {
			return DefaultApi.invalid("Request body is not a valid JSON object");
		}
		String inputFileId = json.path("input_file_id").isString() ? json.path("input_file_id").stringValue() : "";
		String endpoint = json.path("endpoint").isString() ? json.path("endpoint").stringValue() : "";
		if (!ENDPOINTS.contains(endpoint)) {
			return DefaultApi.invalid("'endpoint' must be one of /v1/chat/completions, /v1/embeddings, /v1/rerank");
		}
		if (!"24h".equals(json.path("completion_window").asString(""))) {
			return DefaultApi.invalid("'completion_window' must be \"24h\"");
		}
		FilesEndpoint.StoredFile input = this.files.find(inputFileId);
		if (input == null) {
			return DefaultApi.invalid("Input file '" + inputFileId + "' does not exist");
		}
		if (!FilesEndpoint.BATCH_INPUT.equals(input.purpose())) {
			return DefaultApi.invalid("Input file '" + inputFileId + "' does not have purpose batch_input");
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		json.path("metadata").properties().forEach((entry) -> metadata.put(entry.getKey(), entry.getValue().asString()));
		List<JsonNode> lines = lines(input.content(), endpoint);
		StoredBatch batch = new StoredBatch("batch-" + Ids.random(24), endpoint, inputFileId, metadata, lines,
				Instant.now().getEpochSecond(), System.nanoTime());
		synchronized (this) {
			this.batches.put(batch.id, batch);
		}
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(json(batch, "validating"))), false);
	}

	/**
	 * Parse every input line; {@code null} when one is malformed or uses another endpoint, which makes the worker
	 * reject the whole batch (docs/epithre-api.md, batches).
	 */
	private static @Nullable List<JsonNode> lines(byte[] content, String endpoint) {
		List<JsonNode> lines = new ArrayList<>();
		Set<String> customIds = new HashSet<>();
		for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode node = Json.readTree(line.getBytes(StandardCharsets.UTF_8));
			if (node == null || !node.isObject() || !node.path("custom_id").isString()
					|| !customIds.add(node.path("custom_id").stringValue())
					|| !"POST".equals(node.path("method").asString("")) || !endpoint.equals(node.path("url").asString(""))
					|| !node.path("body").isObject()) {
				return null;
			}
			lines.add(node);
		}
		return lines.isEmpty() ? null : lines;
	}

	private DefaultApi.Outcome list(@Nullable String query) {
		int limit = 20;
		if (query != null) {
			for (String parameter : query.split("&")) {
				if (parameter.startsWith("limit=")) {
					try {
						limit = Integer.parseInt(parameter.substring("limit=".length()));
					}
					catch (NumberFormatException ex) {
						return DefaultApi.invalid("'limit' must be an integer");
					}
				}
			}
		}
		if (limit < 1 || limit > 100) {
			return DefaultApi.invalid("'limit' must be between 1 and 100");
		}
		List<StoredBatch> all;
		synchronized (this) {
			all = new ArrayList<>(this.batches.values());
		}
		ObjectNode answer = Json.object().put("object", "list");
		ArrayNode data = answer.putArray("data");
		int count = 0;
		for (int i = all.size() - 1; i >= 0 && count < limit; i--, count++) {
			StoredBatch batch = all.get(i);
			synchronized (batch) {
				data.add(json(batch, status(batch, "")));
			}
		}
		answer.put("has_more", all.size() > limit);
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), false);
	}

	private DefaultApi.Outcome ok(StoredBatch batch, String reply) {
		synchronized (batch) {
			return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(json(batch, status(batch, reply)))), false);
		}
	}

	/**
	 * The status the worker has brought the batch to by now; completing writes the output file once.
	 */
	private String status(StoredBatch batch, String reply) {
		if (batch.cancelledAt != null) {
			return "cancelled";
		}
		long visits = visits(batch);
		if (visits == 0 || batch.lines == null) {
			return "validating";
		}
		if (visits == 1) {
			batch.inProgressAt = (batch.inProgressAt != null) ? batch.inProgressAt : Instant.now().getEpochSecond();
			return "in_progress";
		}
		if (batch.outputFileId == null) {
			batch.inProgressAt = (batch.inProgressAt != null) ? batch.inProgressAt : Instant.now().getEpochSecond();
			batch.outputFileId = this.files.store(batch.id + "_output.jsonl", "batch_output", output(batch, reply)).id();
			batch.completedAt = Instant.now().getEpochSecond();
			this.webhooks.batchEvent("batch.completed", webhookData(json(batch, "completed")));
		}
		return "completed";
	}

	private long visits(StoredBatch batch) {
		long cadence = this.cadence.toNanos();
		long elapsed = System.nanoTime() - batch.createdNanos;
		return (cadence <= 0) ? 2 : elapsed / cadence;
	}

	private static byte[] output(StoredBatch batch, String reply) {
		StringBuilder jsonl = new StringBuilder();
		List<JsonNode> lines = (batch.lines != null) ? new ArrayList<>(batch.lines) : List.of();
		// docs/epithre-api.md, batches: output order is not input order, so clients must join on custom_id
		Collections.reverse(lines);
		for (JsonNode line : lines) {
			RecordedRequest request = new RecordedRequest("POST", line.path("url").stringValue(),
					Map.of("Content-Type", List.of("application/json")),
					Json.write(line.path("body")).getBytes(StandardCharsets.UTF_8), Ids.requestId());
			FakeResponse response = switch (batch.endpoint) {
				case "/v1/embeddings" -> EmbeddingsEndpoint.respond(request).response();
				case "/v1/rerank" -> RerankEndpoint.respond(request).response();
				default -> FakeResponse.chatCompletion(reply.isEmpty() ? "ok" : reply);
			};
			ResponsePlan plan = response.plan(request, Duration.ZERO);
			ObjectNode out = Json.object().put("id", "batch_req_" + Ids.random(24));
			out.put("custom_id", line.path("custom_id").stringValue());
			ObjectNode answer = out.putObject("response");
			answer.put("status_code", plan.status());
			answer.put("request_id", request.requestId());
			JsonNode body = Json.readTree(plan.body());
			if (body != null) {
				answer.set("body", body);
			}
			if (plan.status() >= 400 && body != null) {
				out.set("error", body.path("error"));
			}
			else {
				out.putNull("error");
			}
			jsonl.append(Json.write(out)).append('\n');
		}
		return jsonl.toString().getBytes(StandardCharsets.UTF_8);
	}

	private ObjectNode json(StoredBatch batch, String status) {
		ObjectNode json = Json.object()
			.put("id", batch.id)
			.put("object", "batch")
			.put("endpoint", batch.endpoint)
			.put("input_file_id", batch.inputFileId)
			.put("completion_window", "24h")
			.put("status", status)
			.put("created_at", batch.createdAt)
			.put("expires_at", batch.createdAt + 24 * 3600);
		int total = (batch.lines != null) ? batch.lines.size() : 0;
		boolean done = "completed".equals(status);
		json.putObject("request_counts").put("total", total).put("completed", done ? total : 0).put("failed", 0);
		json.put("total_cost_idr", done ? new BigDecimal(COST_PER_LINE).multiply(
				BigDecimal.valueOf(total)) : BigDecimal.ZERO);
		ObjectNode metadata = json.putObject("metadata");
		batch.metadata.forEach(metadata::put);
		putTime(json, "in_progress_at", batch.inProgressAt);
		putTime(json, "completed_at", done ? batch.completedAt : null);
		putTime(json, "cancelled_at", batch.cancelledAt);
		if (done) {
			json.put("output_file_id", batch.outputFileId);
		}
		else {
			json.putNull("output_file_id");
		}
		json.putNull("error_file_id");
		return json;
	}

	/**
	 * The batch fields of a webhook delivery (docs/epithre-api.md, webhooks).
	 */
	private static ObjectNode webhookData(ObjectNode batch) {
		ObjectNode data = Json.object();
		for (String field : List.of("id", "status", "endpoint", "request_counts", "total_cost_idr")) {
			data.set(field, batch.get(field));
		}
		return data;
	}

	private static void putTime(ObjectNode json, String name, @Nullable Long value) {
		if (value != null) {
			json.put(name, value);
		}
		else {
			json.putNull(name);
		}
	}

	/**
	 * A batch and what the worker did with it; guarded by its own monitor.
	 */
	static final class StoredBatch {

		final String id;

		final String endpoint;

		final String inputFileId;

		final Map<String, String> metadata;

		final @Nullable List<JsonNode> lines;

		final long createdAt;

		final long createdNanos;

		@Nullable Long inProgressAt;

		@Nullable Long completedAt;

		@Nullable Long cancelledAt;

		@Nullable String outputFileId;

		StoredBatch(String id, String endpoint, String inputFileId, Map<String, String> metadata,
				@Nullable List<JsonNode> lines, long createdAt, long createdNanos) {
			this.id = id;
			this.endpoint = endpoint;
			this.inputFileId = inputFileId;
			this.metadata = metadata;
			this.lines = lines;
			this.createdAt = createdAt;
			this.createdNanos = createdNanos;
		}

	}

}
