package com.epithre.client.retrieval;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetrievalIntegrationTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final RetrievalService retrieval = client(this.server).retrieval();

	private static EpithreClient client(FakeEpithreServer server) {
		EpithreClientSettings settings = EpithreClientSettings.defaults().withBaseUrl(server.baseUrl()).withApiKey(KEY);
		return EpithreClient.builder(WebClient.builder()).settings(settings).build();
	}

	@Test
	void chunksComeBestFirstWithTokenCounts() {
		this.server.knowledge("file-abc", "[Page 1] kucing tidur di sofa", "[Page 2] anjing berlari di taman");
		RetrievalRequest request = RetrievalRequest.builder("kucing tidur")
			.fileIds("file-abc")
			.topK(1)
			.instruction("Cari:")
			.build();
		StepVerifier.create(this.retrieval.search(request)).assertNext((response) -> {
			assertThat(response.object()).isEqualTo("list");
			assertThat(response.results()).singleElement().satisfies((result) -> {
				assertThat(result.fileId()).isEqualTo("file-abc");
				assertThat(result.chunkIndex()).isZero();
				assertThat(result.text()).startsWith("[Page 1]");
				assertThat(result.score()).isBetween(0.0, 1.0).isPositive();
			});
			assertThat(response.queryTokens()).isEqualTo(2);
			assertThat(response.billedTokens()).isEqualTo(2);
		}).expectComplete().verify(Duration.ofSeconds(10));
		RecordedRequest recorded = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(recorded.path()).isEqualTo("/v1/retrieval");
		assertThat(recorded.jsonBody()).containsExactlyInAnyOrderEntriesOf(Map.of("query", "kucing tidur", "file_ids",
				List.of("file-abc"), "top_k", 1, "instruction", "Cari:"));
	}

	@Test
	void minimalRequestSendsOnlyTheQuery() {
		StepVerifier.create(this.retrieval.search(RetrievalRequest.builder("kunci API").build()))
			.assertNext((response) -> assertThat(response.results()).isNotEmpty())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).jsonBody()).containsOnlyKeys("query");
	}

	@Test
	void topKOutsideOneToFiftyIsRefusedLocally() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetrievalRequest.builder("q").topK(0).build())
			.withMessageContaining("between 1 and 50 (docs/epithre-api.md, retrieval)");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrievalRequest.builder("q").topK(51).build())
			.withMessageContaining("was 51");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrievalRequest.builder(" ").build())
			.withMessageContaining("query must not be empty");
	}

}
