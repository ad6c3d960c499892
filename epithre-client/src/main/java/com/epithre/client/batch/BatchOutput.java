package com.epithre.client.batch;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * The output JSONL of a batch read by {@code custom_id} (docs/epithre-api.md, batches): lines come in any order, so
 * results are
 * looked up by id, never by position. Read one with {@link #parse(byte[])}, for example from
 * {@code files().contentBytes(batch.outputFileId())}.
 *
 * @since 0.1.0
 */
public final class BatchOutput {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Map<String, BatchResult> results;

	private final Map<String, JsonNode> bodies;

	private BatchOutput(Map<String, BatchResult> results, Map<String, JsonNode> bodies) {
		this.results = results;
		this.bodies = bodies;
	}

	/**
	 * Read output JSONL; blank lines and one leading byte order mark are skipped, and lines may end with CRLF, LF or
	 * CR. A {@code custom_id} that is not a string is read as its JSON text.
	 * @param jsonl the file's bytes, UTF-8
	 * @return the output
	 * @throws IllegalArgumentException when a line is not JSON, has no {@code custom_id}, or repeats one
	 */
	public static BatchOutput parse(byte[] jsonl) {
		Assert.notNull(jsonl, "jsonl must not be null");
		Map<String, BatchResult> results = new LinkedHashMap<>();
		Map<String, JsonNode> bodies = new LinkedHashMap<>();
		String text = new String(jsonl, StandardCharsets.UTF_8);
		// one leading byte order mark, and lines ended by CRLF, LF or a lone CR
		String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r\n|\r|\n");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty()) {
				continue;
			}
			JsonNode node;
			try {
				node = MAPPER.readTree(line);
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException("batch output line " + (i + 1) + " is not JSON: " + ex.getMessage(),
						ex);
			}
			String customId = text(node.path("custom_id"));
			int number = i + 1;
			Assert.isTrue(customId != null && !customId.isEmpty(),
					() -> "batch output line " + number + " has no custom_id (docs/epithre-api.md, batches)");
			Assert.isTrue(!results.containsKey(customId),
					() -> "batch output repeats custom_id '" + customId + "' at line " + number);
			JsonNode response = node.path("response");
			JsonNode error = node.path("error");
			Integer status = response.path("status_code").isIntegralNumber() ? response.path("status_code").intValue()
					: null;
			// "error": "text" is its message; an error object without code is named by its type
			String errorCode = error.isString() ? null
					: (text(error.path("code")) != null) ? text(error.path("code")) : text(error.path("type"));
			String errorMessage = error.isString() ? error.asString() : text(error.path("message"));
			results.put(customId, new BatchResult(customId, status, text(response.path("request_id")), errorCode,
					errorMessage));
			JsonNode body = response.path("body");
			if (body.isObject()) {
				bodies.put(customId, body);
			}
		}
		return new BatchOutput(Collections.unmodifiableMap(results), Collections.unmodifiableMap(bodies));
	}

	private static @Nullable String text(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		// a value as its text, an object or array (where a string was expected) as its JSON
		return node.isValueNode() ? node.asString() : node.toString();
	}

	/**
	 * Return the custom ids in the file.
	 * @return the ids
	 */
	public Set<String> customIds() {
		return this.results.keySet();
	}

	/**
	 * Return one line's result.
	 * @param customId the id
	 * @return the result, or {@code null} when the output has no such line
	 */
	public @Nullable BatchResult result(String customId) {
		return this.results.get(customId);
	}

	/**
	 * Decode one line's response body, such as an {@code EmbeddingResponse} or {@code ChatCompletion}.
	 * @param <T> the body type
	 * @param customId the id
	 * @param type the body type
	 * @return the body, or {@code null} when the line is missing or has no body
	 */
	public <T> @Nullable T body(String customId, Class<T> type) {
		JsonNode body = this.bodies.get(customId);
		return (body != null) ? MAPPER.treeToValue(body, type) : null;
	}

	/**
	 * Return every decoded body by custom id, skipping lines without a body.
	 * @param <T> the body type
	 * @param type the body type
	 * @return the bodies
	 */
	public <T> Map<String, T> bodies(Class<T> type) {
		Map<String, T> decoded = new LinkedHashMap<>();
		this.bodies.forEach((customId, body) -> decoded.put(customId, MAPPER.treeToValue(body, type)));
		return decoded;
	}

}
