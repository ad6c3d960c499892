package com.epithre.test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake server's {@code POST /v1/rerank} (docs/epithre-api.md, rerank). A document's score is the share of the
 * query's
 * distinct words it contains, so results are deterministic, in [0, 1] and easy to predict in tests.
 */
final class RerankEndpoint {

	static final String MODEL = "epithre-rerank";

	private static final int MAX_DOCUMENTS = 64;

	private RerankEndpoint() {
	}

	static DefaultApi.Outcome respond(RecordedRequest request) {
		byte[] body = request.rawBody();
		if (body.length > DefaultApi.MAX_CHAT_BODY_BYTES) {
			return DefaultApi.tooLarge(body.length, "1 MB");
		}
		JsonNode json = Json.readTree(body);
		if (json == null || !json.isObject()) {
			return DefaultApi.invalid("Request body is not a valid JSON object");
		}
		DefaultApi.Outcome modelProblem = DefaultApi.checkModel(json, MODEL);
		if (modelProblem != null) {
			return modelProblem;
		}
		if (!json.path("query").isString()) {
			return DefaultApi.invalid("'query' must be a string");
		}
		JsonNode documents = json.path("documents");
		if (!documents.isArray() || documents.isEmpty() || documents.size() > MAX_DOCUMENTS) {
			return DefaultApi.invalid("'documents' must be an array of 1 to 64 strings");
		}
		List<String> texts = new ArrayList<>();
		for (JsonNode document : documents) {
			if (!document.isString()) {
				return DefaultApi.invalid("'documents' must be an array of 1 to 64 strings");
			}
			texts.add(document.stringValue());
		}
		int topN = texts.size();
		JsonNode topNNode = json.path("top_n");
		if (!topNNode.isMissingNode() && !topNNode.isNull()) {
			if (!topNNode.isIntegralNumber() || topNNode.asLong() < 1) {
				return DefaultApi.invalid("'top_n' must be a positive integer");
			}
			topN = (int) Math.min(topNNode.asLong(), texts.size());
		}
		boolean returnDocuments = json.path("return_documents").asBoolean(false);
		Set<String> queryWords = new HashSet<>(Words.of(json.path("query").stringValue()));
		List<Scored> scored = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			scored.add(new Scored(i, score(queryWords, texts.get(i))));
		}
		scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::index));
		ObjectNode answer = Json.object();
		answer.put("id", UUID.randomUUID().toString());
		ArrayNode results = answer.putArray("results");
		for (Scored entry : scored.subList(0, topN)) {
			ObjectNode result = results.addObject();
			result.put("index", entry.index());
			result.put("relevance_score", entry.score());
			if (returnDocuments) {
				result.putObject("document").put("text", texts.get(entry.index()));
			}
		}
		// docs/epithre-api.md, known gaps (rerank billing): one search unit per call, whatever the number of documents
		answer.putObject("meta").putObject("billed_units").put("search_units", 1);
		return new DefaultApi.Outcome(FakeResponse.json(200, Json.write(answer)), true);
	}

	private static double score(Set<String> queryWords, String document) {
		if (queryWords.isEmpty()) {
			return 0;
		}
		Set<String> documentWords = new HashSet<>(Words.of(document));
		long shared = queryWords.stream().filter(documentWords::contains).count();
		return Words.round((double) shared / queryWords.size());
	}

	private record Scored(int index, double score) {
	}

}
