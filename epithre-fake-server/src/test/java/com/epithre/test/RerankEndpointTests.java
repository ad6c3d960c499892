package com.epithre.test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static com.epithre.test.EmbeddingsEndpointTests.assertError;
import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.json;
import static com.epithre.test.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the fake server's {@code POST /v1/rerank} ({@link RerankEndpoint}).
 */
@Timeout(10)
class RerankEndpointTests {

	private final FakeEpithreServer server = new FakeEpithreServer();

	@BeforeEach
	void start() {
		this.server.start();
	}

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void documentsAreScoredByQueryWordOverlapHighestFirst() {
		HttpResponse<String> response = rerank("{\"model\":\"epithre-rerank\",\"query\":\"ibu kota Indonesia\","
				+ "\"documents\":[\"Nasi goreng enak\",\"Jakarta adalah ibu kota Indonesia\",\"Kota Bandung\"]}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response.body());
		assertThat(UUID.fromString(body.path("id").stringValue())).isNotNull();
		JsonNode results = body.path("results");
		assertThat(results.valueStream().map((result) -> result.path("index").intValue())).containsExactly(1, 2, 0);
		assertThat(results.get(0).path("relevance_score").doubleValue()).isEqualTo(1.0);
		assertThat(results.get(1).path("relevance_score").doubleValue()).isEqualTo(0.3333);
		assertThat(results.get(2).path("relevance_score").doubleValue()).isZero();
		assertThat(results.get(0).has("document")).isFalse();
		assertThat(body.path("meta").path("billed_units").path("search_units").intValue()).isEqualTo(1);
	}

	@Test
	void topNAndReturnDocumentsShapeTheResults() {
		JsonNode body = json(rerank("{\"model\":\"epithre-rerank\",\"query\":\"kota\",\"top_n\":1,"
				+ "\"return_documents\":true,\"documents\":[\"desa\",\"kota\"]}").body());
		assertThat(body.path("results")).hasSize(1);
		assertThat(body.path("results").get(0).path("index").intValue()).isEqualTo(1);
		assertThat(body.path("results").get(0).path("document").path("text").stringValue()).isEqualTo("kota");
	}

	@Test
	void noneOrMoreThan64DocumentsAreRefused() {
		assertError(rerank("{\"model\":\"epithre-rerank\",\"query\":\"q\",\"documents\":[]}"), 400,
				"invalid_request_error");
		List<String> documents = new ArrayList<>();
		for (int i = 0; i < 65; i++) {
			documents.add("\"d" + i + "\"");
		}
		assertError(rerank("{\"model\":\"epithre-rerank\",\"query\":\"q\",\"documents\":[" + String.join(",", documents)
				+ "]}"), 400, "invalid_request_error");
	}

	@Test
	void otherModelIsNotFound() {
		assertError(rerank("{\"model\":\"epithre-embed\",\"query\":\"q\",\"documents\":[\"d\"]}"), 400,
				"model_not_found");
	}

	private HttpResponse<String> rerank(String body) {
		return post(this.server, "/v1/rerank", body, "Authorization", "Bearer " + KEY);
	}

}
