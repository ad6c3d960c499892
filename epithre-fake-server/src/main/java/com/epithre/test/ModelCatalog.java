package com.epithre.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The six models of docs/epithre-api.md, models, in the shape of the model listing.
 */
final class ModelCatalog {

	/** Models that serve {@code /v1/chat/completions} (docs/epithre-api.md, chat). */
	static final Set<String> CHAT_MODELS = Set.of("epithre-omni", "epithre-prme", "epithre-lyt");

	private static final Map<String, ObjectNode> MODELS = new LinkedHashMap<>();

	static {
		add("epithre-omni", "flagship", 49152, 16384, List.of("text", "image"),
				List.of("chat", "tool_use", "vision", "thinking"), "per_token",
				"Flagship multimodal model with the best vision; queues up to 45 s when the shared pool is full");
		// docs/epithre-api.md, known gaps (prme context): 180,000 in the model reference, "200K" elsewhere; max output
		// is not documented
		add("epithre-prme", "premium", 180000, null, List.of("text"), List.of("chat", "tool_use", "thinking"),
				"per_token", "Long-context reasoning model with tool use and thinking");
		// docs/epithre-api.md, models: tool use on lyt is not documented, so it is not listed
		add("epithre-lyt", "compact", 32768, null, List.of("text", "image", "audio", "video"),
				List.of("chat", "vision"), "per_token", "Compact, cheap, high-throughput model with vision");
		// capability strings beyond omni's are assumed (docs/epithre-api.md, models: same vocabulary for all)
		add("epithre-embed", "embedding", 4096, null, List.of("text", "image"), List.of("embeddings"), "per_token",
				"Embedding model: 4000-dim vectors, one space for text and images");
		add("epithre-rerank", "reranker", 2048, null, List.of("text"), List.of("rerank"), "per_token",
				"Cross-encoder reranker that accepts an instruction");
		// pricing_model values other than per_token are not documented (docs/epithre-api.md, models): clients keep
		// strings
		add("epithre-iris", "image", null, null, List.of("text", "image"),
				List.of("image_generation", "image_editing"), "per_image",
				"Image generation and editing with LoRA styles none, dark and anime");
	}

	private ModelCatalog() {
	}

	static String list() {
		ObjectNode list = Json.object();
		list.put("object", "list");
		ArrayNode data = list.putArray("data");
		MODELS.values().forEach(data::add);
		return Json.write(list);
	}

	static @Nullable String get(String id) {
		ObjectNode model = MODELS.get(id);
		return (model != null) ? Json.write(model) : null;
	}

	private static void add(String id, String tier, @Nullable Integer contextWindow, @Nullable Integer maxOutputTokens,
			List<String> modalities, List<String> capabilities, String pricingModel, String description) {
		ObjectNode model = Json.object();
		model.put("id", id);
		model.put("object", "model");
		model.put("owned_by", "epithre");
		model.put("tier", tier);
		if (contextWindow != null) {
			model.put("context_window", contextWindow);
		}
		if (maxOutputTokens != null) {
			model.put("max_output_tokens", maxOutputTokens);
		}
		modalities.forEach(model.putArray("modalities")::add);
		capabilities.forEach(model.putArray("capabilities")::add);
		model.put("description", description);
		model.put("pricing_model", pricingModel);
		MODELS.put(id, model);
	}

}
