package com.epithre.test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake server's {@code POST /v1/embeddings}, validating as docs/epithre-api.md, embeddings and errors describe and
 * answering
 * {@link FakeEmbeddings} vectors.
 */
final class EmbeddingsEndpoint {

	/** Body limit of embeddings (docs/epithre-api.md, limits and timeouts: 25 MB). */
	static final int MAX_BODY_BYTES = 25 * 1024 * 1024;

	static final String MODEL = "epithre-embed";

	private static final int MAX_TEXTS = 64;

	private static final int MAX_IMAGES = 8;

	private static final int MAX_CHARACTERS = 10_000;

	private static final int MAX_IMAGE_BYTES = 20 * 1024 * 1024;

	/** Tokens counted per image; the real count is not documented. */
	private static final int IMAGE_TOKENS = 256;

	private EmbeddingsEndpoint() {
	}

	static DefaultApi.Outcome respond(RecordedRequest request) {
		byte[] body = request.rawBody();
		if (body.length > MAX_BODY_BYTES) {
			return DefaultApi.tooLarge(body.length, "25 MB");
		}
		JsonNode json = Json.readTree(body);
		if (json == null || !json.isObject()) {
			return DefaultApi.invalid("Request body is not a valid JSON object");
		}
		DefaultApi.Outcome modelProblem = DefaultApi.checkModel(json, MODEL);
		if (modelProblem != null) {
			return modelProblem;
		}
		List<Item> items = new ArrayList<>();
		JsonNode input = json.path("input");
		if (input.isString()) {
			items.add(new Item(false, input.stringValue()));
		}
		else if (input.isArray()) {
			for (int i = 0; i < input.size(); i++) {
				JsonNode element = input.get(i);
				Item item = element.isString() ? new Item(false, element.stringValue()) : image(element);
				if (item == null) {
					return DefaultApi.invalid("input[" + i + "] is neither a string nor an image item of the form "
							+ "{\"type\":\"image\",\"image\":...}, {\"type\":\"image\",\"image_url\":\"data:...\"} or "
							+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:...\"}}");
				}
				items.add(item);
			}
		}
		else {
			return DefaultApi.invalid("'input' must be a string or an array");
		}
		long images = items.stream().filter(Item::image).count();
		long texts = items.size() - images;
		if (items.isEmpty()) {
			return DefaultApi.invalid("'input' must not be empty");
		}
		if (texts > MAX_TEXTS) {
			return DefaultApi.invalid("'input' holds " + texts + " texts; at most 64 are allowed per request");
		}
		if (images > MAX_IMAGES) {
			return DefaultApi.invalid("'input' holds " + images + " images; at most 8 are allowed per request");
		}
		int dimensions = FakeEmbeddings.DEFAULT_DIMENSIONS;
		JsonNode dimensionsNode = json.path("dimensions");
		if (!dimensionsNode.isMissingNode() && !dimensionsNode.isNull()) {
			if (!dimensionsNode.isIntegralNumber() || dimensionsNode.asLong() < 1 || dimensionsNode.asLong() > 4000) {
				return DefaultApi.invalid("'dimensions' must be an integer between 1 and 4000");
			}
			dimensions = dimensionsNode.intValue();
		}
		String truncate = "END";
		JsonNode truncateNode = json.path("truncate");
		if (!truncateNode.isMissingNode() && !truncateNode.isNull()) {
			if (!truncateNode.isString() || !List.of("END", "START", "NONE").contains(truncateNode.stringValue())) {
				return DefaultApi.invalid("'truncate' must be one of END, START, NONE");
			}
			truncate = truncateNode.stringValue();
		}
		String instruction = json.path("instruction").isString() ? json.path("instruction").stringValue() : null;
		if (instruction != null && images > 0) {
			return unprocessable("'instruction' cannot be combined with image input");
		}
		ObjectNode answer = Json.object();
		answer.put("object", "list");
		answer.put("model", MODEL);
		ArrayNode data = answer.putArray("data");
		int tokens = 0;
		int truncated = 0;
		for (int i = 0; i < items.size(); i++) {
			Item item = items.get(i);
			float[] vector;
			if (item.image()) {
				byte[] decoded;
				try {
					decoded = Base64.getMimeDecoder().decode(item.value());
				}
				catch (IllegalArgumentException ex) {
					return DefaultApi.invalid("input[" + i + "] is not valid base64 image data");
				}
				if (decoded.length > MAX_IMAGE_BYTES) {
					return DefaultApi.invalid("input[" + i + "] is over the 20 MB per-image limit");
				}
				vector = FakeEmbeddings.image(item.value(), dimensions);
				tokens += IMAGE_TOKENS;
			}
			else {
				String text = item.value();
				int characters = text.codePointCount(0, text.length());
				if (characters > MAX_CHARACTERS) {
					if ("NONE".equals(truncate)) {
						return unprocessable("input[" + i + "] has " + characters
								+ " characters, over the 10,000 limit, and truncate is NONE");
					}
					text = "START".equals(truncate)
							? text.substring(text.offsetByCodePoints(0, characters - MAX_CHARACTERS))
							: text.substring(0, text.offsetByCodePoints(0, MAX_CHARACTERS));
					truncated++;
				}
				vector = FakeEmbeddings.text(text, instruction, dimensions);
				tokens += Words.tokens(text);
			}
			ObjectNode embedding = data.addObject();
			embedding.put("object", "embedding");
			embedding.put("index", i);
			ArrayNode values = embedding.putArray("embedding");
			for (float value : vector) {
				values.add(value);
			}
		}
		ObjectNode usage = answer.putObject("usage");
		usage.put("prompt_tokens", tokens);
		usage.put("total_tokens", tokens);
		usage.put("truncated_count", truncated);
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), true);
	}

	/**
	 * Read one of the three image item shapes of docs/epithre-api.md, embeddings into its base64 data.
	 */
	private static @Nullable Item image(JsonNode element) {
		if (!element.isObject()) {
			return null;
		}
		String type = element.path("type").isString() ? element.path("type").stringValue() : "";
		JsonNode imageUrl = element.path("image_url");
		String data = null;
		if ("image".equals(type) && element.path("image").isString()) {
			data = element.path("image").stringValue();
		}
		else if ("image".equals(type) && imageUrl.isString()) {
			data = dataUriPayload(imageUrl.stringValue());
		}
		else if ("image_url".equals(type) && imageUrl.path("url").isString()) {
			data = dataUriPayload(imageUrl.path("url").stringValue());
		}
		return (data != null && !data.isEmpty()) ? new Item(true, data) : null;
	}

	private static @Nullable String dataUriPayload(String uri) {
		int marker = uri.indexOf(";base64,");
		return (uri.startsWith("data:image/") && marker > 0) ? uri.substring(marker + ";base64,".length()) : null;
	}

	private static DefaultApi.Outcome unprocessable(String message) {
		// docs/epithre-api.md, errors: strict validation answers 422 invalid_request_error
		return new DefaultApi.Outcome(
				FakeResponse.error(422, "invalid_request_error", "invalid_request_error", message), false);
	}

	/**
	 * A text, or an image's base64 data.
	 */
	private record Item(boolean image, String value) {
	}

}
