package com.epithre.boot.webhook;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.batch.Batch;
import com.epithre.client.batch.BatchCreateRequest;
import com.epithre.client.batch.BatchInputWriter;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.file.FilePurpose;
import com.epithre.client.webhook.WebhookEvent;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class BatchWebhookSignalsTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final BatchWebhookSignals signals = new BatchWebhookSignals();

	@Test
	void terminalEventReachesWatchersBeforeAndAfterItArrives() {
		this.signals.onApplicationEvent(completed("batch-early"));
		StepVerifier.create(this.signals.terminal("batch-early"))
			.assertNext((event) -> assertThat(event.getDataId()).isEqualTo("batch-early"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(this.signals.terminal("batch-late"))
			.then(() -> this.signals.onApplicationEvent(completed("batch-late")))
			.assertNext((event) -> assertThat(event).isInstanceOf(BatchCompletedEvent.class))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void otherEventsAndOtherBatchesDoNotSignal() {
		this.signals.onApplicationEvent(new UnknownWebhookEvent(this,
				new WebhookEvent("file.processed", 1L, new WebhookEvent.Data("batch-x", null, null, null, null)),
				Instant.now()));
		this.signals.onApplicationEvent(completed("batch-y"));
		StepVerifier.create(this.signals.terminal("batch-x"))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aWatchEndsOnTheWebhookInsteadOfWaitingForTheNextPoll() {
		FakeEpithreServer server = fake.server().batchWorkerCadence(Duration.ofHours(1));
		EpithreClient client = EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(server.baseUrl())
				.withApiKey("esk_test_0123456789abcdefghijklmnopqrstuv"))
			.build();
		BatchInputWriter input = BatchInputWriter.embeddings().add("doc-1", EmbeddingRequest.of("satu"));
		Batch batch = client.files()
			.upload(input.toResource("in.jsonl"), FilePurpose.BATCH_INPUT)
			.flatMap((file) -> client.batches().create(BatchCreateRequest.builder(file.id(), input.endpoint()).build()))
			.block(Duration.ofSeconds(10));
		StepVerifier.create(client.batches().watch(batch.id(), this.signals.terminal(batch.id())))
			.expectNextCount(1)
			.then(() -> this.signals.onApplicationEvent(completed(batch.id())))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	private BatchCompletedEvent completed(String batchId) {
		return new BatchCompletedEvent(this, new WebhookEvent(WebhookEvent.BATCH_COMPLETED, 1L,
				new WebhookEvent.Data(batchId, "completed", "/v1/embeddings", null, null)), Instant.now());
	}

}
