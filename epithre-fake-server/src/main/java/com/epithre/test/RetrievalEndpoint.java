package com.epithre.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
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
 * The fake server's {@code POST /v1/retrieval} (docs/epithre-api.md, retrieval) over the knowledge set by
 * {@link FakeEpithreServer#knowledge(String, String...)}, or a small built-in one. A chunk's score is the cosine
 * similarity of its word counts with the query's, in [0, 1].
 */
final class RetrievalEndpoint {

	/** The knowledge searched when a test configured none. */
	static final Map<String, List<String>> BUILT_IN;

	static {
		Map<String, List<String>> builtIn = new LinkedHashMap<>();
		builtIn.put("file-epithre-guide", List.of("[Page 1] Epithre menjalankan model AI dari Jakarta.",
				"[Page 1] Kunci API diawali esk_live_ untuk produksi atau esk_test_ untuk sandbox.",
				"[Page 2] Batas bawaan adalah 60 permintaan per menit dan 10 permintaan bersamaan per kunci."));
		builtIn.put("file-epithre-pricing",
				List.of("[Page 1] Harga dalam Rupiah; embedding Rp1.500 per satu juta token.",
				"[Page 1] Rerank dikenai Rp5 per dokumen."));
		BUILT_IN = Collections.unmodifiableMap(builtIn);
	}

	private static final int DEFAULT_TOP_K = 5;

	private static final int MAX_TOP_K = 50;

	private RetrievalEndpoint() {
	}

	static DefaultApi.Outcome respond(RecordedRequest request, Map<String, List<String>> knowledge) {
		byte[] body = request.rawBody();
		if (body.length > DefaultApi.MAX_CHAT_BODY_BYTES) {
			return DefaultApi.tooLarge(body.length, "1 MB");
		}
		JsonNode json = Json.readTree(body);
		if (json == null || !json.isObject()) {
			return DefaultApi.invalid("Request body is not a valid JSON object");
		}
		JsonNode query = json.path("query");
		if (!query.isString() || query.stringValue().isBlank()) {
			return DefaultApi.invalid("Missing required parameter 'query'");
		}
		int topK = DEFAULT_TOP_K;
		JsonNode topKNode = json.path("top_k");
		if (!topKNode.isMissingNode() && !topKNode.isNull()) {
			if (!topKNode.isIntegralNumber() || topKNode.asLong() < 1 || topKNode.asLong() > MAX_TOP_K) {
				return DefaultApi.invalid("'top_k' must be an integer between 1 and 50");
			}
			topK = topKNode.intValue();
		}
		@Nullable Set<String> fileIds = null;
		JsonNode fileIdsNode = json.path("file_ids");
		if (!fileIdsNode.isMissingNode() && !fileIdsNode.isNull()) {
			if (!fileIdsNode.isArray()) {
				return DefaultApi.invalid("'file_ids' must be an array of file ids");
			}
			fileIds = new HashSet<>();
			for (JsonNode id : fileIdsNode) {
				fileIds.add(id.asString());
			}
		}
		String instruction = json.path("instruction").isString() ? json.path("instruction").stringValue() + " " : "";
		Map<String, Integer> queryCounts = counts(instruction + query.stringValue());
		List<Hit> hits = new ArrayList<>();
		for (Map.Entry<String, List<String>> file : knowledge.entrySet()) {
			if (fileIds != null && !fileIds.contains(file.getKey())) {
				continue;
			}
			for (int i = 0; i < file.getValue().size(); i++) {
				String text = file.getValue().get(i);
				hits.add(new Hit(file.getKey(), i, text, cosine(queryCounts, counts(text))));
			}
		}
		hits.sort(Comparator.comparingDouble(Hit::score).reversed());
		ObjectNode answer = Json.object();
		answer.put("object", "list");
		ArrayNode results = answer.putArray("results");
		for (Hit hit : hits.subList(0, Math.min(topK, hits.size()))) {
			ObjectNode result = results.addObject();
			result.put("file_id", hit.fileId());
			result.put("chunk_index", hit.chunkIndex());
			result.put("text", hit.text());
			result.put("score", hit.score());
		}
		int tokens = Words.tokens(query.stringValue());
		answer.put("query_tokens", tokens);
		answer.put("billed_tokens", tokens);
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), true);
	}

	private static Map<String, Integer> counts(String text) {
		Map<String, Integer> counts = new HashMap<>();
		Words.of(text).forEach((word) -> counts.merge(word, 1, Integer::sum));
		return counts;
	}

	private static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
		double dot = 0;
		for (Map.Entry<String, Integer> entry : a.entrySet()) {
			dot += entry.getValue() * b.getOrDefault(entry.getKey(), 0);
		}
		double norms = norm(a) * norm(b);
		return (norms == 0) ? 0 : Words.round(Math.min(1, dot / norms));
	}

	private static double norm(Map<String, Integer> counts) {
		double sum = 0;
		for (int count : counts.values()) {
			sum += (double) count * count;
		}
		return Math.sqrt(sum);
	}

	private record Hit(String fileId, int chunkIndex, String text, double score) {
	}

}
