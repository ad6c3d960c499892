package com.epithre.client.rerank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RerankIntegrationTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final RerankService rerank = client(this.server).rerank();

	private static EpithreClient client(FakeEpithreServer server) {
		EpithreClientSettings settings = EpithreClientSettings.defaults().withBaseUrl(server.baseUrl()).withApiKey(KEY);
		return EpithreClient.builder(WebClient.builder()).settings(settings).build();
	}

	@Test
	void resultsKeepTheInputIndexAndComeHighestFirst() {
		RerankRequest request = RerankRequest.builder("ibu kota Indonesia")
			.documents("Nasi goreng enak", "Jakarta adalah ibu kota Indonesia", "Kota Bandung")
			.topN(2)
			.returnDocuments(true)
			.instruction("Nilai relevansi dokumen:")
			.build();
		StepVerifier.create(this.rerank.create(request)).assertNext((response) -> {
			assertThat(response.id()).hasSize(36);
			assertThat(response.results()).extracting(RerankResult::index).containsExactly(1, 2);
			assertThat(response.results().get(0).relevanceScore()).isEqualTo(1.0);
			assertThat(response.results().get(0).text()).isEqualTo("Jakarta adalah ibu kota Indonesia");
			assertThat(response.searchUnits()).isEqualTo(1);
		}).expectComplete().verify(Duration.ofSeconds(10));
		RecordedRequest recorded = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(recorded.path()).isEqualTo("/v1/rerank");
		assertThat(recorded.header("Authorization")).isEqualTo("Bearer " + KEY);
		assertThat(recorded.jsonBody()).containsExactlyInAnyOrderEntriesOf(Map.of("model", "epithre-rerank", "query",
				"ibu kota Indonesia", "documents",
				List.of("Nasi goreng enak", "Jakarta adalah ibu kota Indonesia", "Kota Bandung"), "top_n", 2,
				"return_documents", true, "instruction", "Nilai relevansi dokumen:"));
	}

	@Test
	void minimalRequestOmitsUnsetFieldsAndResultsHaveNoDocument() {
		StepVerifier.create(this.rerank.create(RerankRequest.builder("kota").documents("desa", "kota").build()))
			.assertNext((response) -> {
				assertThat(response.results()).extracting(RerankResult::index).containsExactly(1, 0);
				assertThat(response.results().get(0).document()).isNull();
			})
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).jsonBody()).containsOnlyKeys("model", "query",
				"documents");
	}

	@Test
	void answerWithoutMetaIsAccepted() {
		this.server.enqueue(
				FakeResponse.json(200, "{\"id\":\"x\",\"results\":[{\"index\":0,\"relevance_score\":0.148}]}"));
		StepVerifier.create(this.rerank.create(RerankRequest.builder("q").documents("d").build()))
			.assertNext((response) -> {
				assertThat(response.searchUnits()).isNull();
				assertThat(response.results().get(0).relevanceScore()).isEqualTo(0.148);
			})
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void resultsInAnotherOrderAreSortedHighestFirst() {
		this.server.enqueue(FakeResponse.json(200, "{\"id\":\"x\",\"results\":[{\"index\":0,\"relevance_score\":0.1},"
				+ "{\"index\":2,\"relevance_score\":0.9},{\"index\":1,\"relevance_score\":0.5}]}"));
		StepVerifier.create(this.rerank.create(RerankRequest.builder("q").documents("a", "b", "c").build()))
			.assertNext((response) -> assertThat(response.results()).extracting(RerankResult::index)
				.containsExactly(2, 1, 0))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void unknownModelIsABadRequest() {
		RerankRequest request = RerankRequest.builder("q").model("epithre-embed").documents("d").build();
		StepVerifier.create(this.rerank.create(request))
			.expectError(EpithreBadRequestException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void noneOrMoreThan64DocumentsAreRefusedLocally() {
		assertThatIllegalArgumentException().isThrownBy(() -> RerankRequest.builder("q").build())
			.withMessageContaining("1 to 64 documents (docs/epithre-api.md, rerank)");
		List<String> documents = new ArrayList<>();
		for (int i = 0; i < 65; i++) {
			documents.add("d" + i);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> RerankRequest.builder("q").documents(documents).build())
			.withMessageContaining("1 to 64 documents")
			.withMessageContaining("was 65");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RerankRequest.builder("q").documents("d").topN(0).build())
			.withMessageContaining("topN must be at least 1");
	}

}
