package com.epithre.test;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The fake server's behaviour when nothing is dispatched or queued: models, authentication, chat completions,
 * embeddings, rerank and retrieval as in docs/epithre-api.md, authentication, models, chat, embeddings, rerank,
 * retrieval and errors.
 */
final class DefaultApi {

	/** Body limit of chat completions (docs/epithre-api.md, limits and timeouts). */
	static final int MAX_CHAT_BODY_BYTES = 1024 * 1024;

	private static final String MODELS_PATH = "/v1/models";

	private static final String CHAT_PATH = "/v1/chat/completions";

	private static final String EMBEDDINGS_PATH = "/v1/embeddings";

	private static final String RERANK_PATH = "/v1/rerank";

	private static final String RETRIEVAL_PATH = "/v1/retrieval";

	private static final String INVALID_REQUEST = "invalid_request_error";

	private DefaultApi() {
	}

	static Outcome respond(RecordedRequest request, String reply, @Nullable String requiredApiKey) {
		return respond(request, reply, requiredApiKey, RetrievalEndpoint.BUILT_IN);
	}

	static Outcome respond(RecordedRequest request, String reply, @Nullable String requiredApiKey,
			Map<String, List<String>> knowledge) {
		return respond(request, reply, requiredApiKey, knowledge, null);
	}

	static Outcome respond(RecordedRequest request, String reply, @Nullable String requiredApiKey,
			Map<String, List<String>> knowledge, @Nullable BatchesEndpoint batches) {
		String method = request.method();
		String path = request.path();
		// docs/epithre-api.md, authentication: /v1/models is public and ignores Authorization, even a wrong one
		if ("GET".equals(method) && (path.equals(MODELS_PATH) || path.equals(MODELS_PATH + "/"))) {
			return new Outcome(FakeResponse.json(200, ModelCatalog.list()), false);
		}
		if ("GET".equals(method) && path.startsWith(MODELS_PATH + "/")) {
			String id = path.substring(MODELS_PATH.length() + 1);
			String model = ModelCatalog.get(id);
			// docs/epithre-api.md, models: unknown id is a 404 with the envelope (assumed: OpenAI-compatible)
			FakeResponse response = (model != null) ? FakeResponse.json(200, model) : FakeResponse.error(404,
					INVALID_REQUEST, "model_not_found", "The model '" + id + "' does not exist");
			return new Outcome(response, false);
		}
		if (!path.startsWith("/v1/")) {
			return new Outcome(unknownUrl(method, path), false);
		}
		String authenticationProblem = authenticationProblem(request, requiredApiKey);
		if (authenticationProblem != null) {
			return new Outcome(FakeResponse.error(401, "authentication_error", "authentication_error",
					authenticationProblem), false);
		}
		if ("POST".equals(method) && path.equals(CHAT_PATH)) {
			return chat(request, reply);
		}
		if ("POST".equals(method) && path.equals(EMBEDDINGS_PATH)) {
			return EmbeddingsEndpoint.respond(request);
		}
		if ("POST".equals(method) && path.equals(RERANK_PATH)) {
			return RerankEndpoint.respond(request);
		}
		if ("POST".equals(method) && path.equals(RETRIEVAL_PATH)) {
			return RetrievalEndpoint.respond(request, knowledge);
		}
		if (batches != null && (path.equals(FilesEndpoint.PATH) || path.startsWith(FilesEndpoint.PATH + "/"))) {
			return batches.files().respond(request);
		}
		if (batches != null && (path.equals(BatchesEndpoint.PATH) || path.startsWith(BatchesEndpoint.PATH + "/"))) {
			return batches.respond(request, reply);
		}
		if (batches != null && (path.equals(WebhooksEndpoint.PATH) || path.startsWith(WebhooksEndpoint.PATH + "/"))) {
			return batches.webhooks().respond(request);
		}
		if ("POST".equals(method)
				&& (path.equals(ImagesEndpoint.GENERATIONS_PATH) || path.equals(ImagesEndpoint.EDITS_PATH))) {
			return ImagesEndpoint.respond(request, ImagesEndpoint.BLOCKED_WORDS);
		}
		return new Outcome(unknownUrl(method, path), false);
	}

	private static @Nullable String authenticationProblem(RecordedRequest request, @Nullable String requiredApiKey) {
		String authorization = request.header("Authorization");
		if (authorization == null || authorization.isBlank()) {
			return "Missing API key: send 'Authorization: Bearer <key>'";
		}
		String key = request.apiKey();
		if (key == null) {
			// docs/epithre-api.md, authentication: the first usual cause of a 401 with a key that looks right
			return "Malformed Authorization header: the 'Bearer ' prefix is missing";
		}
		if (key.isBlank()) {
			return "Missing API key after 'Bearer '";
		}
		if (key.chars().anyMatch(Character::isWhitespace)) {
			// docs/epithre-api.md, authentication: typically a trailing newline from shell quoting or a secret file
			return "Invalid API key: it contains whitespace (a trailing newline?)";
		}
		if (requiredApiKey != null && !requiredApiKey.equals(key)) {
			return "Invalid API key";
		}
		return null;
	}

	private static Outcome chat(RecordedRequest request, String reply) {
		byte[] body = request.rawBody();
		if (body.length > MAX_CHAT_BODY_BYTES) {
			// docs/epithre-api.md, known gaps (chat images and the body limit): images may be 20 MB decoded, yet the
			// body limit is 1 MB
			return new Outcome(FakeResponse.error(413, "request_too_large", "request_too_large",
					"Request body of " + body.length + " bytes exceeds the 1 MB limit"), false);
		}
		JsonNode json = Json.readTree(body);
		if (json == null || !json.isObject()) {
			return invalid("Request body is not a valid JSON object");
		}
		JsonNode model = json.path("model");
		if (!model.isString() || model.stringValue().isEmpty()) {
			return new Outcome(FakeResponse.error(400, INVALID_REQUEST, "model_not_found",
					"Missing required parameter 'model'"), false);
		}
		if (!ModelCatalog.CHAT_MODELS.contains(model.stringValue())) {
			return new Outcome(FakeResponse.modelNotFound(model.stringValue()), false);
		}
		JsonNode messages = json.path("messages");
		if (!messages.isArray() || messages.isEmpty()) {
			return invalid("'messages' must be a non-empty array");
		}
		ChatRequest chat = ChatRequest.from(json);
		ChatRequest.ToolCall toolCall = chat.forcedToolCall();
		FakeResponse response;
		if (toolCall != null) {
			response = chat.stream() ? FakeResponse.toolCallStream(toolCall.name(), toolCall.arguments())
					: FakeResponse.toolCallCompletion(toolCall.name(), toolCall.arguments());
		}
		else {
			response = chat.stream() ? FakeResponse.chatStream(reply) : FakeResponse.chatCompletion(reply);
		}
		return new Outcome(response, true);
	}

	static Outcome invalid(String message) {
		return new Outcome(FakeResponse.error(400, INVALID_REQUEST, INVALID_REQUEST, message), false);
	}

	static Outcome tooLarge(int bytes, String limit) {
		return new Outcome(FakeResponse.error(413, "request_too_large", "request_too_large",
				"Request body of " + bytes + " bytes exceeds the " + limit + " limit"), false);
	}

	/**
	 * Check that {@code model} names the one model an endpoint serves (docs/epithre-api.md, models and errors).
	 * @return the error outcome, or {@code null} when the model is right
	 */
	static @Nullable Outcome checkModel(JsonNode json, String expected) {
		JsonNode model = json.path("model");
		if (!model.isString() || model.stringValue().isEmpty()) {
			return new Outcome(FakeResponse.error(400, INVALID_REQUEST, "model_not_found",
					"Missing required parameter 'model'"), false);
		}
		if (!expected.equals(model.stringValue())) {
			return new Outcome(FakeResponse.modelNotFound(model.stringValue()), false);
		}
		return null;
	}

	private static FakeResponse unknownUrl(String method, String path) {
		return FakeResponse.notFound("Unknown request URL: " + method + " " + path);
	}

	/**
	 * The default response, and whether it must first pass the per-key concurrency cap.
	 */
	record Outcome(FakeResponse response, boolean capped) {

	}

}
