package com.epithre.test;

import java.net.http.HttpResponse;

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
 * Tests for the fake server's {@code POST /v1/retrieval} ({@link RetrievalEndpoint}).
 */
@Timeout(10)
class RetrievalEndpointTests {

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
	void builtInKnowledgeIsSearchedWhenNoneIsConfigured() {
		JsonNode body = json(retrieve("{\"query\":\"kunci API sandbox\",\"top_k\":1}").body());
		assertThat(body.path("object").stringValue()).isEqualTo("list");
		assertThat(body.path("results")).hasSize(1);
		JsonNode best = body.path("results").get(0);
		assertThat(best.path("file_id").stringValue()).isEqualTo("file-epithre-guide");
		assertThat(best.path("chunk_index").intValue()).isEqualTo(1);
		assertThat(best.path("text").stringValue()).startsWith("[Page 1]");
		assertThat(best.path("score").doubleValue()).isBetween(0.0, 1.0).isPositive();
		assertThat(body.path("query_tokens").intValue()).isEqualTo(3);
		assertThat(body.path("billed_tokens").intValue()).isEqualTo(3);
	}

	@Test
	void configuredKnowledgeIsRankedAndFilteredByFileIds() {
		this.server.knowledge("file-a", "kucing tidur di sofa", "anjing berlari")
			.knowledge("file-b", "kucing makan ikan");
		JsonNode all = json(retrieve("{\"query\":\"kucing tidur\"}").body());
		assertThat(all.path("results")).hasSize(3);
		assertThat(all.path("results").get(0).path("file_id").stringValue()).isEqualTo("file-a");
		assertThat(all.path("results").get(0).path("chunk_index").intValue()).isZero();
		assertThat(all.path("results").get(2).path("score").doubleValue()).isZero();
		JsonNode onlyB = json(retrieve("{\"query\":\"kucing tidur\",\"file_ids\":[\"file-b\"]}").body());
		assertThat(onlyB.path("results").valueStream().map((result) -> result.path("file_id").stringValue()))
			.containsOnly("file-b");
	}

	@Test
	void resetRestoresTheBuiltInKnowledge() {
		this.server.knowledge("file-a", "kucing");
		this.server.reset();
		JsonNode body = json(retrieve("{\"query\":\"kucing\"}").body());
		assertThat(body.path("results").get(0).path("file_id").stringValue()).startsWith("file-epithre-");
	}

	@Test
	void topKOutsideOneToFiftyAndMissingQueryAreRefused() {
		assertError(retrieve("{\"query\":\"q\",\"top_k\":0}"), 400, "invalid_request_error");
		assertError(retrieve("{\"query\":\"q\",\"top_k\":51}"), 400, "invalid_request_error");
		assertError(retrieve("{\"top_k\":5}"), 400, "invalid_request_error");
	}

	private HttpResponse<String> retrieve(String body) {
		return post(this.server, "/v1/retrieval", body, "Authorization", "Bearer " + KEY);
	}

}
