package com.epithre.test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.OTHER_KEY;
import static com.epithre.test.TestHttp.chatRequest;
import static com.epithre.test.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the per-key in-flight cap and the disconnect detection of {@link FakeEpithreServer}.
 */
@Timeout(15)
class FakeEpithreServerConcurrencyTests {

	private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
		.version(java.net.http.HttpClient.Version.HTTP_1_1)
		.connectTimeout(TestHttp.TIMEOUT)
		.build();

	private final FakeEpithreServer server = new FakeEpithreServer();

	private final List<InputStream> openStreams = new ArrayList<>();

	@BeforeEach
	void start() {
		// about 13 events 250 ms apart: every stream stays open for seconds unless the test closes it
		this.server.start().streamChunkDelay(Duration.ofMillis(250));
	}

	@AfterEach
	void close() throws Exception {
		for (InputStream stream : this.openStreams) {
			stream.close();
		}
		this.server.close();
	}

	@Test
	void eleventhConcurrentStreamOfAKeyIsRefusedWhileOtherKeysPass() throws Exception {
		List<CompletableFuture<HttpResponse<InputStream>>> calls = IntStream.range(0, 11)
			.mapToObj((i) -> CLIENT.sendAsync(streamRequest(KEY), BodyHandlers.ofInputStream()))
			.toList();
		List<HttpResponse<InputStream>> responses = new ArrayList<>();
		for (CompletableFuture<HttpResponse<InputStream>> call : calls) {
			HttpResponse<InputStream> response = call.get(5, TimeUnit.SECONDS);
			this.openStreams.add(response.body());
			responses.add(response);
		}
		List<HttpResponse<InputStream>> refused = responses.stream().filter((r) -> r.statusCode() == 429).toList();
		assertThat(responses).filteredOn((r) -> r.statusCode() == 200).hasSize(10);
		assertThat(refused).hasSize(1);
		String body = new String(refused.get(0).body().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(json(body).path("error").path("type").stringValue()).isEqualTo("rate_limit_error");
		assertThat(json(body).path("error").path("code").stringValue()).isEqualTo("concurrency_exceeded");
		assertThat(this.server.inFlight(KEY)).isEqualTo(10);
		assertThat(this.server.peakInFlight(KEY)).isEqualTo(10);

		HttpResponse<InputStream> other = CLIENT.sendAsync(streamRequest(OTHER_KEY), BodyHandlers.ofInputStream())
			.get(5, TimeUnit.SECONDS);
		this.openStreams.add(other.body());
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(this.server.peakInFlight(OTHER_KEY)).isEqualTo(1);

		for (InputStream stream : this.openStreams) {
			stream.close();
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.server.inFlight(KEY)).isZero());
		assertThat(this.server.peakInFlight(KEY)).isEqualTo(10);
	}

	@Test
	void capIsConfigurable() throws Exception {
		this.server.concurrencyCap(2);
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			HttpResponse<InputStream> response = TestHttp.openChatStream(this.server, KEY, chatRequest(true));
			this.openStreams.add(response.body());
			statuses.add(response.statusCode());
		}
		assertThat(statuses).containsExactly(200, 200, 429);
	}

	@Test
	void requestIsInFlightUntilItsResponseIsWritten() throws Exception {
		this.server.enqueue(FakeResponse.sse("{}", "{}", "{}").withChunkDelay(Duration.ofMillis(100)));
		HttpResponse<InputStream> response = TestHttp.openChatStream(this.server, KEY, chatRequest(true));
		assertThat(this.server.inFlight(KEY)).isEqualTo(1);
		assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.server.inFlight(KEY)).isZero());
		assertThat(this.server.peakInFlight(KEY)).isEqualTo(1);
		assertThat(this.server.awaitDisconnects(1, Duration.ofMillis(200))).isFalse();
	}

	@Test
	void clientClosingAStreamEarlyIsCountedAsADisconnect() throws Exception {
		HttpResponse<InputStream> response = TestHttp.openChatStream(this.server, KEY, chatRequest(true));
		BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
		assertThat(reader.readLine()).startsWith("data: {");
		reader.close();
		assertThat(this.server.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
		assertThat(this.server.disconnectCount()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.server.inFlight(KEY)).isZero());
	}

	@Test
	void clientClosingDuringTheFirstByteDelayIsCountedAsADisconnect() throws Exception {
		this.server.enqueue(FakeResponse.json(200, "{}").withFirstByteDelay(Duration.ofSeconds(3)));
		CompletableFuture<HttpResponse<String>> call = CLIENT.sendAsync(streamRequest(KEY), BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.inFlight(KEY) == 1);
		call.cancel(true);
		assertThat(this.server.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void requestsHeldByABlockingDispatcherCountAsInFlight() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.server.setDispatcher((request) -> {
			if (!"hold".equals(request.query())) {
				return null;
			}
			try {
				release.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return FakeResponse.json(200, "{\"held\":true}");
		});
		List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, 10)
			.mapToObj((i) -> CLIENT.sendAsync(TestHttp.request(this.server, "/v1/chat/completions?hold", "Authorization",
					"Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString()))
			.toList();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.inFlight(KEY) == 10);
		HttpResponse<String> refused = TestHttp.chat(this.server, chatRequest(false));
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(json(refused.body()).path("error").path("code").stringValue()).isEqualTo("concurrency_exceeded");
		assertThat(TestHttp.get(this.server, "/v1/models").statusCode()).as("event loop not blocked").isEqualTo(200);
		release.countDown();
		for (CompletableFuture<HttpResponse<String>> call : held) {
			assertThat(call.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"held\":true}");
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.server.inFlight(KEY)).isZero());
		assertThat(this.server.peakInFlight(KEY)).isEqualTo(10);
	}

	private HttpRequest streamRequest(String key) {
		return TestHttp.request(this.server, "/v1/chat/completions", "Authorization", "Bearer " + key)
			.POST(HttpRequest.BodyPublishers.ofString(chatRequest(true)))
			.build();
	}

}
