package com.epithre.test;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.chat;
import static com.epithre.test.TestHttp.chatRequest;
import static com.epithre.test.TestHttp.get;
import static com.epithre.test.TestHttp.json;
import static com.epithre.test.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FakeEpithreServer}: lifecycle, recording, queue and dispatcher.
 */
@Timeout(10)
class FakeEpithreServerTests {

	private final FakeEpithreServer server = new FakeEpithreServer();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void baseUrlPointsAtTheLoopbackPortWithVersionPath() {
		this.server.start();
		assertThat(this.server.port()).isPositive();
		assertThat(this.server.baseUrl()).isEqualTo("http://127.0.0.1:" + this.server.port() + "/v1");
		assertThat(this.server).hasToString("FakeEpithreServer[" + this.server.baseUrl() + "]");
	}

	@Test
	void startIsIdempotent() {
		int port = this.server.start().port();
		assertThat(this.server.start().port()).isEqualTo(port);
	}

	@Test
	void portIsUnavailableBeforeStart() {
		assertThatIllegalStateException().isThrownBy(this.server::baseUrl);
	}

	@Test
	void closeStopsListeningAndReleasesTheServerThreads() {
		int port = this.server.start().port();
		assertThat(get(this.server, "/v1/models").statusCode()).isEqualTo(200);
		String threadPrefix = this.server.threadPrefix() + "-";
		assertThat(Thread.getAllStackTraces().keySet())
			.anyMatch((thread) -> thread.getName().startsWith(threadPrefix));
		this.server.close();
		this.server.close();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().startsWith(threadPrefix)));
		assertThatIllegalStateException().isThrownBy(this.server::start);
	}

	@Test
	void recordsEveryFieldOfARequest() {
		this.server.start();
		HttpResponse<String> response = post(this.server, "/v1/chat/completions?trace=1&x=y", chatRequest(false),
				"Authorization", "Bearer " + KEY, "Content-Type", "application/json", "X-Custom", "a", "X-Custom",
				"b");
		RecordedRequest request = this.server.takeRequest(Duration.ofSeconds(1));
		assertThat(request).isNotNull();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v1/chat/completions");
		assertThat(request.query()).isEqualTo("trace=1&x=y");
		assertThat(request.header("content-type")).isEqualTo("application/json");
		assertThat(request.header("CONTENT-TYPE")).isEqualTo("application/json");
		assertThat(request.headers("x-custom")).containsExactly("a", "b");
		assertThat(request.headers().get("X-CUSTOM")).containsExactly("a", "b");
		assertThat(request.header("X-Missing")).isNull();
		assertThat(request.headers("X-Missing")).isEmpty();
		assertThat(request.apiKey()).isEqualTo(KEY);
		assertThat(request.bodyAsString()).isEqualTo(chatRequest(false));
		assertThat(request.body()).hasSize(chatRequest(false).length());
		Map<String, Object> json = request.jsonBody();
		assertThat(json).containsEntry("model", "epithre-omni").containsEntry("stream", false);
		assertThat(json.get("messages")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
		assertThat(request.requestId()).isEqualTo(response.headers().firstValue("X-Request-ID").orElseThrow());
	}

	@Test
	void takeRequestReturnsRequestsInArrivalOrderAndNullWhenNoneArrive() {
		this.server.start();
		get(this.server, "/v1/models");
		get(this.server, "/v1/models/epithre-omni");
		assertThat(this.server.takeRequest(Duration.ofSeconds(1))).extracting(RecordedRequest::path)
			.isEqualTo("/v1/models");
		assertThat(this.server.takeRequest(Duration.ofSeconds(1))).extracting(RecordedRequest::path)
			.isEqualTo("/v1/models/epithre-omni");
		assertThat(this.server.takeRequest(Duration.ofMillis(50))).isNull();
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void everyResponseCarriesAUniqueRequestId() {
		this.server.start();
		this.server.enqueue(FakeResponse.backendBusy().forPath("/v1/embeddings"));
		List<HttpResponse<String>> responses = List.of(get(this.server, "/v1/models"),
				get(this.server, "/v1/models/unknown"), chat(this.server, chatRequest(false)),
				chat(this.server, chatRequest(true)), post(this.server, "/v1/chat/completions", "{}"),
				chat(this.server, "{}"), post(this.server, "/v1/embeddings", "{}"), get(this.server, "/nothing"));
		List<String> ids = new ArrayList<>();
		for (HttpResponse<String> response : responses) {
			ids.add(response.headers().firstValue("X-Request-ID").orElseThrow(
					() -> new AssertionError("No X-Request-ID on " + response.statusCode() + " " + response.uri())));
		}
		assertThat(ids).doesNotHaveDuplicates().allSatisfy((id) -> assertThat(id).matches("req_[A-Za-z0-9]{24}"));
		assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 404, 200, 200, 401, 400, 429,
				404);
	}

	@Test
	void dispatcherComesBeforeTheQueueAndTheQueueBeforeTheDefaults() {
		this.server.start();
		this.server.setDispatcher((request) -> "scripted".equals(request.query())
				? FakeResponse.json(200, "{\"from\":\"dispatcher\"}") : null);
		this.server.enqueue(FakeResponse.json(200, "{\"from\":\"queue\"}"));
		assertThat(get(this.server, "/v1/models?scripted").body()).isEqualTo("{\"from\":\"dispatcher\"}");
		assertThat(get(this.server, "/v1/models").body()).isEqualTo("{\"from\":\"queue\"}");
		assertThat(json(get(this.server, "/v1/models").body()).path("object").stringValue()).isEqualTo("list");
	}

	@Test
	void blockingDispatcherRunsOffTheEventLoopAndNonBlockingOneOnIt() {
		this.server.start();
		List<String> threads = new CopyOnWriteArrayList<>();
		Dispatcher recording = (request) -> {
			threads.add(Thread.currentThread().getName());
			return FakeResponse.json(200, "{}");
		};
		this.server.setDispatcher(recording);
		assertThat(get(this.server, "/v1/models").statusCode()).isEqualTo(200);
		this.server.setDispatcher(Dispatcher.nonBlocking(recording));
		assertThat(get(this.server, "/v1/models").statusCode()).isEqualTo(200);
		assertThat(recording.blocking()).isTrue();
		assertThat(Dispatcher.nonBlocking(recording).blocking()).isFalse();
		assertThat(threads).hasSize(2);
		assertThat(threads.get(0)).doesNotStartWith(this.server.threadPrefix());
		assertThat(threads.get(1)).startsWith(this.server.threadPrefix());
	}

	@Test
	void queuedResponsesAreUsedInOrderAndSkipValidation() {
		this.server.start();
		this.server.enqueue(FakeResponse.json(200, "{\"n\":1}")).enqueue(FakeResponse.json(201, "{\"n\":2}"));
		HttpResponse<String> first = post(this.server, "/v1/chat/completions", "not json");
		HttpResponse<String> second = post(this.server, "/v1/anything", "");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).isEqualTo("{\"n\":1}");
		assertThat(second.statusCode()).isEqualTo(201);
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void queuedResponseForAPathWaitsForThatPath() {
		this.server.start();
		this.server.enqueue(FakeResponse.backendBusy().forPath("/v1/chat/completions"));
		assertThat(get(this.server, "/v1/models").statusCode()).isEqualTo(200);
		assertThat(chat(this.server, chatRequest(false)).statusCode()).isEqualTo(429);
		assertThat(chat(this.server, chatRequest(false)).statusCode()).isEqualTo(200);
	}

	@Test
	void failingDispatcherAnswersWithAServerError() {
		this.server.start();
		this.server.setDispatcher((request) -> {
			throw new IllegalArgumentException("broken test dispatcher");
		});
		HttpResponse<String> response = get(this.server, "/v1/models");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(json(response.body()).path("error").path("message").stringValue())
			.contains("broken test dispatcher");
	}

	@Test
	void resetForgetsScriptsRecordsAndSettings() {
		this.server.start();
		this.server.defaultReply("custom").requireApiKey("esk_test_other").setDispatcher((request) -> null);
		this.server.enqueue(FakeResponse.backendBusy().forPath("/v1/never"));
		chat(this.server, chatRequest(false));
		this.server.reset();
		assertThat(this.server.requestCount()).isZero();
		assertThat(this.server.takeRequest(Duration.ofMillis(20))).isNull();
		assertThat(this.server.peakInFlight(KEY)).isZero();
		HttpResponse<String> response = chat(this.server, chatRequest(false));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response.body()).path("choices").get(0).path("message").path("content").stringValue())
			.isEqualTo(FakeEpithreServer.DEFAULT_REPLY);
		assertThat(post(this.server, "/v1/never", "{}", "Authorization", "Bearer " + KEY).statusCode())
			.isEqualTo(404);
	}

}
