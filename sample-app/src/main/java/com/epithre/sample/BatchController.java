package com.epithre.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.epithre.client.EpithreClient;
import com.epithre.client.batch.Batch;
import com.epithre.client.batch.BatchCreateRequest;
import com.epithre.client.batch.BatchInputWriter;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.error.EpithreException;
import com.epithre.client.file.FilePurpose;

/**
 * Embeds the search documents as a batch and relays its progress: upload the JSONL input, create the batch, then one
 * {@code status} event per change until it ends.
 */
@RestController
class BatchController {

	private final EpithreClient epithre;

	BatchController(EpithreClient epithre) {
		this.epithre = epithre;
	}

	@GetMapping(path = "/api/batch/demo", produces = "text/event-stream")
	Flux<ServerSentEvent<Map<String, Object>>> demo() {
		BatchInputWriter input = BatchInputWriter.embeddings();
		for (int i = 0; i < SearchController.DOCUMENTS.size(); i++) {
			input.add("doc-" + i, EmbeddingRequest.of(SearchController.DOCUMENTS.get(i)));
		}
		return this.epithre.files()
			.upload(input.toResource("search-documents.jsonl"), FilePurpose.BATCH_INPUT)
			.flatMap((file) -> this.epithre.batches()
				.create(BatchCreateRequest.builder(file.id(), input.endpoint()).metadata("source", "sample").build()))
			.flatMapMany((batch) -> Flux.concat(Mono.just(batch), this.epithre.batches().watch(batch.id())))
			.map(BatchController::describe)
			.distinctUntilChanged()
			.map((status) -> event("status", status))
			.concatWith(Mono.just(event("done", Map.of())))
			.onErrorResume(EpithreException.class, (ex) -> Mono.just(event("error", ErrorExplanation.of(ex).toMap())));
	}

	private static Map<String, Object> describe(Batch batch) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("id", batch.id());
		status.put("status", batch.status());
		if (batch.requestCounts() != null) {
			status.put("completed", batch.requestCounts().completed());
			status.put("failed", batch.requestCounts().failed());
			status.put("total", batch.requestCounts().total());
		}
		return status;
	}

	private static ServerSentEvent<Map<String, Object>> event(String name, Map<String, Object> data) {
		return ServerSentEvent.<Map<String, Object>>builder(data).event(name).build();
	}

}
