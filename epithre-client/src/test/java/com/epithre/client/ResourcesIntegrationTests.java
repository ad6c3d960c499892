package com.epithre.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.batch.BatchCreateRequest;
import com.epithre.client.batch.BatchInputWriter;
import com.epithre.client.embedding.EmbeddingRequest;
import com.epithre.client.file.FileObject;
import com.epithre.client.file.FilePurpose;
import com.epithre.client.observation.EpithreMeterObservationHandler;
import com.epithre.client.rerank.RerankRequest;
import com.epithre.client.retrieval.RetrievalRequest;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Embeddings, rerank and retrieval reached through {@link EpithreClient}, with their observations.
 */
class ResourcesIntegrationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final EpithreClient client;

	ResourcesIntegrationTests() {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(new EpithreMeterObservationHandler(this.meters));
		this.client = EpithreClient.builder(WebClient.builder())
			.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(ClientTestSupport.KEY))
			.observationRegistry(observations)
			.build();
	}

	@Test
	void embeddingsAreSplitJoinedInOrderAndTheirTokensRecorded() {
		List<String> texts = IntStream.range(0, 70).mapToObj((i) -> "dokumen nomor " + i).toList();
		StepVerifier.create(this.client.embeddings().create(EmbeddingRequest.builder().texts(texts).dimensions(8).build()))
			.assertNext((response) -> {
				assertThat(response.data()).hasSize(70);
				assertThat(response.vector(69)).hasSize(8);
				assertThat(response.usage().promptTokens()).isPositive();
			})
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary().totalAmount())
			.isPositive();
	}

	@Test
	void filesAndBatchesAnswerThroughTheClient() {
		BatchInputWriter input = BatchInputWriter.embeddings()
			.add("doc-1", EmbeddingRequest.of("satu"))
			.add("doc-2", EmbeddingRequest.of("dua"));
		FileObject uploaded = this.client.files()
			.upload(input.toResource("input.jsonl"), FilePurpose.BATCH_INPUT)
			.block(Duration.ofSeconds(10));
		assertThat(uploaded.id()).startsWith("file-");
		assertThat(new String(this.client.files().contentBytes(uploaded.id()).block(Duration.ofSeconds(10)),
				StandardCharsets.UTF_8))
			.isEqualTo(input.toJsonl());
		StepVerifier.create(this.client.batches()
			.create(BatchCreateRequest.builder(uploaded.id(), input.endpoint()).build())
			.flatMap((batch) -> this.client.batches().get(batch.id())))
			.assertNext((batch) -> {
				assertThat(batch.id()).startsWith("batch-");
				assertThat(batch.endpoint()).isEqualTo("/v1/embeddings");
			})
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void rerankAndRetrievalAnswerThroughTheClient() {
		StepVerifier.create(this.client.rerank()
			.create(RerankRequest.builder("ibu kota Indonesia")
				.documents("Jakarta adalah ibu kota Indonesia", "Resep nasi goreng")
				.build()))
			.assertNext((response) -> assertThat(response.results().get(0).index()).isZero())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		this.server.knowledge("file-abc", "Kebijakan cuti tahunan adalah dua belas hari", "Jam kerja kantor");
		StepVerifier.create(this.client.retrieval().search(RetrievalRequest.builder("kebijakan cuti").build()))
			.assertNext((response) -> assertThat(response.results()).isNotEmpty())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

}
