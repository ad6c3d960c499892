package com.epithre.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.epithre.client.EpithreClient;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.embedding.EmbeddingResponse;
import com.epithre.client.rerank.RerankRequest;

/**
 * A tiny semantic search over six documents: embeddings give each a cosine similarity to the query, rerank orders
 * them (with a larger corpus the embeddings would pick the candidates that rerank sees).
 */
@RestController
class SearchController {

	static final List<String> DOCUMENTS = List.of("Jakarta is the capital of Indonesia and its largest city.",
			"Nasi goreng, fried rice with sweet soy sauce, is the national dish of Indonesia.",
			"Borobudur in Central Java is the largest Buddhist temple in the world.",
			"Komodo dragons live only on a few islands of East Nusa Tenggara.",
			"Bali is known for its temples, rice terraces and beaches.",
			"The rupiah is the official currency of Indonesia.");

	private final EpithreClient epithre;

	private final Mono<List<float[]>> documentVectors;

	SearchController(EpithreClient epithre) {
		this.epithre = epithre;
		// the documents are embedded once, on first use
		this.documentVectors = epithre.embeddings()
			.create(EmbeddingRequest.builder().texts(DOCUMENTS).build())
			.map(EmbeddingResponse::vectors)
			.cache((vectors) -> Duration.ofHours(1), (error) -> Duration.ZERO,
					() -> Duration.ZERO);
	}

	@GetMapping("/api/search")
	Mono<Map<String, Object>> search(@RequestParam String q) {
		Mono<float[]> query = this.epithre.embeddings()
			.create(EmbeddingRequest.builder()
				.text(q)
				.instruction("Represent this query for retrieving relevant documents:")
				.build())
			.map((response) -> response.vector(0));
		return Mono.zip(this.documentVectors, query).flatMap((vectors) -> this.epithre.rerank()
			.create(RerankRequest.builder(q).documents(DOCUMENTS).build())
			.map((ranked) -> {
				List<Map<String, Object>> results = new ArrayList<>();
				ranked.results()
					.forEach((result) -> results.add(Map.of("document", DOCUMENTS.get(result.index()), "relevance",
							result.relevanceScore(), "cosine",
							dot(vectors.getT1().get(result.index()), vectors.getT2()))));
				return Map.of("query", q, "results", results);
			}));
	}

	/** Unit vectors: the dot product is the cosine similarity (docs/epithre-api.md, embeddings). */
	private static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < Math.min(a.length, b.length); i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

}
