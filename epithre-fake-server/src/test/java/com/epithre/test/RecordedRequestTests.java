package com.epithre.test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecordedRequest}.
 */
class RecordedRequestTests {

	@Test
	void pathWithoutQueryHasNoQuery() {
		RecordedRequest request = request("/v1/models", Map.of(), "");
		assertThat(request.path()).isEqualTo("/v1/models");
		assertThat(request.query()).isNull();
	}

	@Test
	void emptyQueryIsKeptApartFromNoQuery() {
		assertThat(request("/v1/models?", Map.of(), "").query()).isEmpty();
	}

	@Test
	void apiKeyNeedsTheBearerScheme() {
		assertThat(request("/", Map.of("authorization", List.of("Bearer esk_test_x")), "").apiKey())
			.isEqualTo("esk_test_x");
		assertThat(request("/", Map.of("Authorization", List.of("Basic abc")), "").apiKey()).isNull();
		assertThat(request("/", Map.of(), "").apiKey()).isNull();
	}

	@Test
	void jsonBodyIsEmptyWhenTheBodyIsNoJsonObject() {
		assertThat(request("/", Map.of(), "").jsonBody()).isEmpty();
		assertThat(request("/", Map.of(), "{broken").jsonBody()).isEmpty();
		assertThat(request("/", Map.of(), "[1,2]").jsonBody()).isEmpty();
		assertThat(request("/", Map.of(), "{\"n\":{\"m\":[1]}}").jsonBody())
			.containsEntry("n", Map.of("m", List.of(1)));
	}

	@Test
	void bodyIsACopy() {
		RecordedRequest request = request("/", Map.of(), "abc");
		request.body()[0] = 'x';
		assertThat(request.bodyAsString()).isEqualTo("abc");
	}

	@Test
	void headersWithDifferentCaseAreMerged() {
		RecordedRequest request = request("/",
				Map.of("X-Trace", List.of("1"), "x-trace", List.of("2")), "");
		assertThat(request.headers("X-TRACE")).containsExactlyInAnyOrder("1", "2");
		assertThat(request.headers()).hasSize(1);
	}

	private static RecordedRequest request(String uri, Map<String, List<String>> headers, String body) {
		return new RecordedRequest("POST", uri, headers, body.getBytes(StandardCharsets.UTF_8), "req_test");
	}

}
