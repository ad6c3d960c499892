package com.epithre.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.epithre.test.FakeEpithreServer;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SampleApplicationTests {

	@Autowired
	private WebTestClient webTestClient;

	@Autowired
	private FakeEpithreServer fakeServer;

	@Test
	void runsInDemoModeWithoutAKey() {
		this.webTestClient.get()
			.uri("/api/mode")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.demo")
			.isEqualTo(true);
	}

	@Test
	void relaysTheStreamedReplyAsJsonTokenEvents() {
		this.fakeServer.defaultReply("Jakarta is the capital.");
		List<ServerSentEvent<Map<String, Object>>> events = this.webTestClient.get()
			.uri("/api/chat/stream?prompt=Hello")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(events).extracting(ServerSentEvent::event).contains("token", "usage").endsWith("done");
		String text = events.stream()
			.filter((event) -> "token".equals(event.event()))
			.map((event) -> (String) event.data().get("text"))
			.reduce("", String::concat);
		assertThat(text).isEqualTo("Jakarta is the capital.");
		assertThat(events).filteredOn((event) -> "token".equals(event.event())).hasSizeGreaterThan(3);
		assertThat(this.fakeServer.takeRequest(Duration.ofSeconds(5)).jsonBody()).containsEntry("stream", true);
	}

	@Test
	void showsEpithreErrorsAsWhatTheyMeanWithStatusCodeRequestIdAndAdvice() {
		List<ServerSentEvent<Map<String, Object>>> events = streamEvents("daily-quota");
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.event()).isEqualTo("error");
			assertThat(event.data()).containsEntry("kind", "Daily quota used up")
				.containsEntry("code", "rpd_exceeded")
				.containsEntry("status", 429);
			assertThat((String) event.data().get("requestId")).startsWith("req");
			assertThat((String) event.data().get("advice")).contains("resets at 00:00 UTC");
			assertThat(event.data().toString()).doesNotContain("Exception");
		});
	}

	@Test
	void aRejectedKeyIsExplained() {
		List<ServerSentEvent<Map<String, Object>>> events = streamEvents("bad-key");
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.data()).containsEntry("kind", "API key rejected").containsEntry("status", 401);
			assertThat((String) event.data().get("advice")).contains("EPITHRE_API_KEY");
		});
	}

	@Test
	void anUnknownScenarioIsIgnored() {
		assertThat(streamEvents("no-such-thing")).extracting(ServerSentEvent::event).contains("token").endsWith("done");
	}

	@Test
	void aSingleRateLimitIsRetriedAndTheReplyStillArrives() {
		List<ServerSentEvent<Map<String, Object>>> events = streamEvents("rate-limited-once");
		assertThat(events).extracting(ServerSentEvent::event).contains("token").endsWith("done");
	}

	@Test
	@DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD) // backend_busy holds back omni for 5-10 s
	void tokensDeliveredBeforeAMidStreamErrorAreKept() {
		List<ServerSentEvent<Map<String, Object>>> events = streamEvents("busy-mid-stream");
		assertThat(events).extracting(ServerSentEvent::event).startsWith("token").endsWith("error");
		assertThat(events.get(events.size() - 1).data()).containsEntry("code", "backend_busy")
			.containsEntry("kind", "Epithre is busy");
		assertThat((String) events.get(events.size() - 1).data().get("advice")).contains("they are kept");
	}

	@Test
	void exposesHealthAndMetricsWithoutTheKey() {
		this.webTestClient.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((json) -> assertThat(json).contains("\"status\":\"UP\"").doesNotContain(DemoModeConfiguration.DEMO_KEY));
		this.webTestClient.get().uri("/actuator/metrics").exchange().expectStatus().isOk();
	}

	private List<ServerSentEvent<Map<String, Object>>> streamEvents(String scenario) {
		return this.webTestClient.get()
			.uri("/api/chat/stream?prompt=Hello&scenario=" + scenario)
			.exchange()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	@Test
	@SuppressWarnings("unchecked")
	void semanticSearchEmbedsThenReranks() {
		Map<String, Object> body = this.webTestClient.get()
			.uri("/api/search?q=capital of Indonesia")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> results = (List<Map<String, Object>>) body.get("results");
		assertThat(results).hasSize(SearchController.DOCUMENTS.size());
		assertThat(results).allSatisfy((result) -> assertThat(result).containsKeys("relevance", "cosine"));
		assertThat(results.get(0).get("document")).isEqualTo(SearchController.DOCUMENTS.get(0));
		// the fake server's vectors reflect shared words: the capital shares two, the other facts about Indonesia
		// one, the rest none
		Map<Object, Double> cosines = new java.util.HashMap<>();
		results.forEach((result) -> cosines.put(result.get("document"), ((Number) result.get("cosine")).doubleValue()));
		double capital = cosines.get(SearchController.DOCUMENTS.get(0));
		double currency = cosines.get(SearchController.DOCUMENTS.get(5));
		double komodo = cosines.get(SearchController.DOCUMENTS.get(3));
		assertThat(capital).isGreaterThan(currency + 0.1);
		assertThat(currency).isGreaterThan(komodo + 0.1);
		assertThat(komodo).isLessThan(0.1);
		List<String> paths = new java.util.ArrayList<>();
		for (com.epithre.test.RecordedRequest request; (request = this.fakeServer.takeRequest(Duration.ofMillis(200))) != null;) {
			paths.add(request.path());
		}
		assertThat(paths).contains("/v1/embeddings", "/v1/rerank");
	}

	@Test
	void batchProgressIsRelayedUntilTheBatchCompletes() {
		this.fakeServer.batchWorkerCadence(Duration.ofMillis(200));
		List<ServerSentEvent<Map<String, Object>>> events = this.webTestClient.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.get()
			.uri("/api/batch/demo")
			.exchange()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(events).extracting(ServerSentEvent::event).startsWith("status").endsWith("done");
		List<Map<String, Object>> statuses = events.stream()
			.filter((event) -> "status".equals(event.event()))
			.map(ServerSentEvent::data)
			.toList();
		assertThat(statuses.get(0)).containsEntry("status", "validating");
		assertThat(statuses.get(statuses.size() - 1)).containsEntry("status", "completed")
			.containsEntry("completed", SearchController.DOCUMENTS.size());
	}

	@Test
	void servesTheChatPage() {
		this.webTestClient.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("EventSource", "/api/chat/stream"));
	}

}
