package com.epithre.ai;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

import com.epithre.client.config.RequestOptions;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class EpithreEmbeddingModelIntegrationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	@Test
	void embedsTextsInOrderWithTheDefaultModel() {
		EpithreEmbeddingModel model = new EpithreEmbeddingModel(AiTestSupport.client(this.server));
		List<float[]> vectors = model.embed(List.of("kucing", "anjing"));
		assertThat(vectors).hasSize(2).allSatisfy((vector) -> assertThat(vector).isNotEmpty());
		assertThat(vectors.get(0)).isNotEqualTo(vectors.get(1));
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).jsonBody()).containsEntry("model", "epithre-embed")
			.containsEntry("input", List.of("kucing", "anjing"));
	}

	@Test
	void requestOptionsChooseTheDimensionsAndTheResponseCarriesUsage() {
		EpithreEmbeddingModel model = new EpithreEmbeddingModel(AiTestSupport.client(this.server),
				EmbeddingOptions.builder().model("epithre-embed").dimensions(256).build(), RequestOptions.none());
		EmbeddingResponse response = model
			.call(new EmbeddingRequest(List.of("halo"), EmbeddingOptions.builder().dimensions(64).build()));
		assertThat(response.getResult().getOutput()).hasSize(64);
		assertThat(response.getResult().getIndex()).isZero();
		assertThat(response.getMetadata().getModel()).isEqualTo("epithre-embed");
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isPositive();
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).jsonBody()).containsEntry("dimensions", 64);
		assertThat(model.dimensions()).isEqualTo(256);
	}

}
