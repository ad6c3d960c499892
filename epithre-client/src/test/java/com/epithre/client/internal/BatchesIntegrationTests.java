package com.epithre.client.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.core.io.ByteArrayResource;

import com.epithre.client.batch.Batch;
import com.epithre.client.batch.BatchCreateRequest;
import com.epithre.client.batch.BatchEndpoint;
import com.epithre.client.batch.BatchInputWriter;
import com.epithre.client.batch.BatchOutput;
import com.epithre.client.batch.BatchRequestCounts;
import com.epithre.client.batch.BatchService;
import com.epithre.client.batch.BatchStatus;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.embedding.EmbeddingResponse;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreNotFoundException;
import com.epithre.client.file.FileObject;
import com.epithre.client.file.FilePurpose;
import com.epithre.client.file.FileService;
import com.epithre.test.FakeEmbeddings;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BatchesIntegrationTests {

	static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreHttp http = TestHttp.http(settings(this.server));

	private final FileService files = new DefaultFileService(this.http, RequestOptions.none());

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final BatchService batches = new DefaultBatchService(this.http, RequestOptions.none(),
			Duration.ofSeconds(5), this.clock);

	static EpithreClientSettings settings(FakeEpithreServer server) {
		return EpithreClientSettings.defaults().withBaseUrl(server.baseUrl()).withApiKey(KEY);
	}

	private String uploadInput(BatchInputWriter writer) {
		FileObject file = this.files.upload(writer.toResource("input.jsonl"), FilePurpose.BATCH_INPUT)
			.block(TIMEOUT);
		assertThat(file).isNotNull();
		this.server.takeRequest(Duration.ofSeconds(5));
		return file.id();
	}

	private static BatchInputWriter threeTexts() {
		return BatchInputWriter.embeddings()
			.add("doc-a", EmbeddingRequest.of("satu"))
			.add("doc-b", EmbeddingRequest.of("dua"))
			.add("doc-c", EmbeddingRequest.of("tiga"));
	}

	@Test
	void createSendsTheDocumentedBodyAndGetListEchoMetadata() {
		String inputFileId = uploadInput(threeTexts());
		BatchCreateRequest request = BatchCreateRequest.builder(inputFileId, BatchEndpoint.EMBEDDINGS)
			.metadata("job", "nightly")
			.build();
		Batch created = this.batches.create(request).block(TIMEOUT);
		assertThat(created).isNotNull();
		assertThat(created.id()).startsWith("batch-");
		assertThat(created.status()).isEqualTo(BatchStatus.VALIDATING);
		assertThat(created.isTerminal()).isFalse();
		assertThat(created.metadata()).containsEntry("job", "nightly");
		RecordedRequest recorded = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(recorded.path()).isEqualTo("/v1/batches");
		assertThat(recorded.header("Authorization")).isEqualTo("Bearer " + KEY);
		assertThat(recorded.jsonBody()).containsExactlyInAnyOrderEntriesOf(Map.of("input_file_id", inputFileId,
				"endpoint", "/v1/embeddings", "completion_window", "24h", "metadata", Map.of("job", "nightly")));
		StepVerifier.create(this.batches.get(created.id())).assertNext((batch) -> {
			assertThat(batch.endpoint()).isEqualTo("/v1/embeddings");
			assertThat(batch.requestCounts()).isEqualTo(new BatchRequestCounts(3, 0, 0));
			assertThat(batch.metadata()).containsEntry("job", "nightly");
			assertThat(batch.createdAtInstant()).isNotNull();
		}).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.batches.list(100)).assertNext((list) -> {
			assertThat(list.data()).extracting(Batch::id).containsExactly(created.id());
		}).expectComplete().verify(TIMEOUT);
		this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).query()).isEqualTo("limit=100");
	}

	@Test
	void listLimitIsValidatedLocally() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.batches.list(101))
			.withMessageContaining("docs/epithre-api.md, batches");
		assertThatIllegalArgumentException().isThrownBy(() -> this.batches.list(0));
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void cancelStopsABatchAndUnknownIdsAreTypedNotFound() {
		String inputFileId = uploadInput(threeTexts());
		Mono<Batch> cancelled = this.batches.create(BatchCreateRequest.builder(inputFileId, BatchEndpoint.EMBEDDINGS)
			.build()).flatMap((batch) -> this.batches.cancel(batch.id()));
		StepVerifier.create(cancelled).assertNext((batch) -> {
			assertThat(batch.status()).isEqualTo(BatchStatus.CANCELLED);
			assertThat(batch.isTerminal()).isTrue();
		}).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.batches.get("batch-missing")).expectError(EpithreNotFoundException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.batches.cancel("batch-missing")).expectError(EpithreNotFoundException.class)
			.verify(TIMEOUT);
	}

	@Test
	void missingInputFileIsRejectedByTheServer() {
		StepVerifier.create(this.batches.create(BatchCreateRequest.builder("file-missing", BatchEndpoint.RERANK)
			.build())).expectError(EpithreBadRequestException.class).verify(TIMEOUT);
	}

	@Test
	void watchFollowsTheWorkerToCompletedAndOutputJoinsOnCustomId() throws InterruptedException {
		this.server.batchWorkerCadence(Duration.ofMillis(300));
		String inputFileId = uploadInput(threeTexts());
		Batch created = this.batches.create(BatchCreateRequest.builder(inputFileId, BatchEndpoint.EMBEDDINGS)
			.build()).block(TIMEOUT);
		assertThat(created).isNotNull();
		StepVerifier.create(this.batches.watch(created.id()))
			.then(this.clock::advanceTime)
			.assertNext((batch) -> assertThat(batch.status()).isIn(BatchStatus.VALIDATING, BatchStatus.IN_PROGRESS))
			.then(() -> {
				sleep(Duration.ofMillis(700));
				this.clock.advanceTimeBy(Duration.ofSeconds(5));
			})
			.assertNext((batch) -> {
				assertThat(batch.status()).isEqualTo(BatchStatus.COMPLETED);
				assertThat(batch.requestCounts()).isEqualTo(new BatchRequestCounts(3, 3, 0));
				assertThat(batch.totalCostIdr()).isEqualByComparingTo(new BigDecimal("0.036"));
				assertThat(batch.outputFileId()).startsWith("file-");
			})
			.expectComplete()
			.verify(TIMEOUT);
		Batch done = this.batches.get(created.id()).block(TIMEOUT);
		assertThat(done).isNotNull();
		byte[] jsonl = this.files.contentBytes(done.outputFileId()).block(TIMEOUT);
		assertThat(jsonl).isNotNull();
		String text = new String(jsonl, StandardCharsets.UTF_8);
		assertThat(text.indexOf("doc-c")).isLessThan(text.indexOf("doc-a"));
		BatchOutput output = BatchOutput.parse(jsonl);
		assertThat(output.customIds()).containsExactlyInAnyOrder("doc-a", "doc-b", "doc-c");
		assertThat(output.body("doc-a", EmbeddingResponse.class).vector(0))
			.containsExactly(FakeEmbeddings.text("satu", null, FakeEmbeddings.DEFAULT_DIMENSIONS));
		assertThat(output.body("doc-c", EmbeddingResponse.class).vector(0))
			.containsExactly(FakeEmbeddings.text("tiga", null, FakeEmbeddings.DEFAULT_DIMENSIONS));
		assertThat(output.result("doc-b").succeeded()).isTrue();
	}

	@Test
	void watchPollsNoFasterThanFiveSecondsAndStopsOnSignal() {
		String inputFileId = uploadInput(threeTexts());
		Batch created = this.batches.create(BatchCreateRequest.builder(inputFileId, BatchEndpoint.EMBEDDINGS)
			.build()).block(TIMEOUT);
		assertThat(created).isNotNull();
		this.server.takeRequest(Duration.ofSeconds(5));
		Sinks.One<String> webhook = Sinks.one();
		StepVerifier.create(this.batches.watch(created.id(), webhook.asMono()))
			.then(this.clock::advanceTime)
			.assertNext((batch) -> assertThat(batch.status()).isEqualTo(BatchStatus.VALIDATING))
			.then(() -> this.clock.advanceTimeBy(Duration.ofMillis(4900)))
			.expectNoEvent(Duration.ofMillis(300))
			.then(() -> assertThat(this.server.requestCount()).isEqualTo(3))
			.then(() -> webhook.tryEmitValue("batch.completed"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void malformedInputLineKeepsTheBatchValidating() {
		this.server.batchWorkerCadence(Duration.ZERO);
		FileObject input = this.files.upload(new ByteArrayResource("{\"custom_id\":\"a\"\n".getBytes(
				StandardCharsets.UTF_8)) {

			@Override
			public String getFilename() {
				return "bad.jsonl";
			}

		}, FilePurpose.BATCH_INPUT).block(TIMEOUT);
		assertThat(input).isNotNull();
		StepVerifier.create(this.batches.create(BatchCreateRequest.builder(input.id(), BatchEndpoint.EMBEDDINGS)
			.build()).flatMap((batch) -> this.batches.get(batch.id())))
			.assertNext((batch) -> assertThat(batch.status()).isEqualTo(BatchStatus.VALIDATING))
			.expectComplete()
			.verify(TIMEOUT);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
