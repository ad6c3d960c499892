package com.epithre.test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake server's private JSON mapper and helpers; a stand-alone test server cannot use the application's mapper.
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static String write(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	static @Nullable JsonNode readTree(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> readMap(byte[] body) {
		JsonNode tree = readTree(body);
		if (tree == null || !tree.isObject()) {
			return Collections.emptyMap();
		}
		return MAPPER.convertValue(tree, LinkedHashMap.class);
	}

	static String quote(String text) {
		return MAPPER.writeValueAsString(text);
	}

}
