package com.epithre.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.http.client.PrematureCloseException;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.chat;
import static com.epithre.test.TestHttp.chatRequest;
import static com.epithre.test.TestHttp.json;
import static com.epithre.test.TestHttp.sseData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link FakeResponse} as served by {@link FakeEpithreServer}.
 */
@Timeout(10)
class FakeResponseTests {

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
	void errorCarriesTheEnvelopeAndRetryAfter() {
		this.server.enqueue(FakeResponse.rateLimited("rpm_exceeded").withRetryAfter("2"));
		HttpResponse<String> response = chat(this.server, chatRequest(false));
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(response.headers().firstValue("X-Request-ID"))
			.hasValueSatisfying((id) -> assertThat(id).startsWith("req_"));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode error = json(response.body()).path("error");
		assertThat(error.path("type").stringValue()).isEqualTo("rate_limit_error");
		assertThat(error.path("code").stringValue()).isEqualTo("rpm_exceeded");
		assertThat(error.path("message").stringValue()).isNotBlank();
	}

	static Stream<Arguments> catalogue() {
		return Stream.of(Arguments.of(FakeResponse.modelNotFound("x"), 400, "invalid_request_error", "model_not_found"),
				Arguments.of(FakeResponse.authenticationError(), 401, "authentication_error", "authentication_error"),
				Arguments.of(FakeResponse.insufficientQuota(), 402, "insufficient_quota", "insufficient_quota"),
				Arguments.of(FakeResponse.monthlyCapExceeded(), 402, "insufficient_quota", "monthly_cap_exceeded"),
				Arguments.of(FakeResponse.permissionError("account_suspended"), 403, "permission_error",
						"account_suspended"),
				Arguments.of(FakeResponse.notFound("no such batch"), 404, "invalid_request_error", "not_found"),
				Arguments.of(FakeResponse.requestTooLarge(), 413, "request_too_large", "request_too_large"),
				Arguments.of(FakeResponse.unprocessable("instruction with images"), 422, "invalid_request_error",
						"invalid_request_error"),
				Arguments.of(FakeResponse.rateLimited("rpd_exceeded"), 429, "rate_limit_error", "rpd_exceeded"),
				Arguments.of(FakeResponse.rateLimited("concurrency_exceeded"), 429, "rate_limit_error",
						"concurrency_exceeded"),
				Arguments.of(FakeResponse.backendBusy(), 429, "rate_limit_error", "backend_busy"),
				Arguments.of(FakeResponse.backendError(500), 500, "backend_error", "backend_error"),
				Arguments.of(FakeResponse.backendError(502), 502, "backend_error", "backend_error"),
				Arguments.of(FakeResponse.backendError(503), 503, "backend_unavailable", "backend_unavailable"),
				Arguments.of(FakeResponse.backendError(504), 504, "backend_timeout", "backend_timeout"),
				Arguments.of(FakeResponse.rpmExceeded(), 429, "rate_limit_error", "rpm_exceeded"),
				Arguments.of(FakeResponse.rpdExceeded(), 429, "rate_limit_error", "rpd_exceeded"),
				Arguments.of(FakeResponse.concurrencyExceeded(), 429, "rate_limit_error", "concurrency_exceeded"),
				Arguments.of(FakeResponse.serverError(), 500, "backend_error", "backend_error"),
				Arguments.of(FakeResponse.badGateway(), 502, "backend_error", "backend_error"),
				Arguments.of(FakeResponse.backendUnavailable(), 503, "backend_unavailable", "backend_unavailable"),
				Arguments.of(FakeResponse.backendTimeout(), 504, "backend_timeout", "backend_timeout"));
	}

	static Stream<Arguments> retryAfterHelpers() {
		return Stream.of(Arguments.of(FakeResponse.backendBusy(Duration.ofSeconds(7)), 429, "backend_busy", "7"),
				Arguments.of(FakeResponse.concurrencyExceeded(Duration.ofSeconds(1)), 429, "concurrency_exceeded",
						"1"),
				Arguments.of(FakeResponse.rpmExceeded(Duration.ofMillis(1500)), 429, "rpm_exceeded", "2"),
				Arguments.of(FakeResponse.rpdExceeded(Duration.ofHours(3)), 429, "rpd_exceeded", "10800"),
				Arguments.of(FakeResponse.backendUnavailable(Duration.ofSeconds(30)), 503, "backend_unavailable",
						"30"));
	}

	@ParameterizedTest(name = "{2} Retry-After {3}")
	@MethodSource("retryAfterHelpers")
	void errorHelpersWithAWaitSendRetryAfterInWholeSeconds(FakeResponse error, int status, String code,
			String retryAfter) {
		this.server.enqueue(error);
		HttpResponse<String> response = chat(this.server, chatRequest(false));
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Retry-After")).hasValue(retryAfter);
		assertThat(json(response.body()).path("error").path("code").stringValue()).isEqualTo(code);
	}

	@Test
	void errorHelpersWithoutAWaitSendNoRetryAfter() {
		this.server.enqueue(FakeResponse.backendBusy());
		assertThat(chat(this.server, chatRequest(false)).headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void negativeRetryAfterIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> FakeResponse.backendBusy(Duration.ofSeconds(-1)))
			.withMessageContaining("negative");
	}

	@Test
	void errorHelperScriptsAnErrorEventMidStream() {
		this.server.enqueue(FakeResponse.chatStream("one two three").withErrorEventAfter(2, FakeResponse.backendBusy()));
		HttpResponse<String> response = chat(this.server, chatRequest(true));
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> data = sseData(response.body());
		assertThat(data).hasSize(3).doesNotContain("[DONE]");
		JsonNode error = json(data.get(2)).path("error");
		assertThat(error.path("type").stringValue()).isEqualTo("rate_limit_error");
		assertThat(error.path("code").stringValue()).isEqualTo("backend_busy");
		assertThat(error.path("message").stringValue()).isNotBlank();
	}

	@Test
	void midStreamErrorNeedsAnErrorResponse() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FakeResponse.chatStream("one").withErrorEventAfter(0, FakeResponse.json(200, "{}")))
			.withMessageContaining("error response");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FakeResponse.chatStream("one").withErrorEventAfter(0, FakeResponse.html(502, "<p>")))
			.withMessageContaining("envelope");
	}

	@ParameterizedTest(name = "{1} {3}")
	@MethodSource("catalogue")
	void catalogueErrorsFollowTheErrorTable(FakeResponse error, int status, String type, String code) {
		this.server.enqueue(error);
		HttpResponse<String> response = chat(this.server, chatRequest(false));
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(error.status()).isEqualTo(status);
		JsonNode envelope = json(response.body()).path("error");
		assertThat(envelope.path("type").stringValue()).isEqualTo(type);
		assertThat(envelope.path("code").stringValue()).isEqualTo(code);
	}

	@Test
	void htmlPageIsServedAsIs() {
		String page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
		this.server.enqueue(FakeResponse.html(502, page));
		HttpResponse<String> response = chat(this.server, chatRequest(false));
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		assertThat(response.body()).isEqualTo(page);
	}

	@Test
	void jsonBodyIsSentVerbatimAndCustomHeadersReplaceDefaults() {
		this.server.enqueue(FakeResponse.json(200, "{\"broken\":").withHeader("x-request-id", "req_custom")
			.withHeader("X-Extra", "1"));
		HttpResponse<String> response = chat(this.server, chatRequest(false));
		assertThat(response.body()).isEqualTo("{\"broken\":");
		assertThat(response.headers().allValues("X-Request-ID")).containsExactly("req_custom");
		assertThat(response.headers().firstValue("X-Extra")).hasValue("1");
	}

	@Test
	void requestIdCanBeLeftOut() {
		this.server.enqueue(FakeResponse.backendError(500).withoutRequestId());
		assertThat(chat(this.server, chatRequest(false)).headers().firstValue("X-Request-ID")).isEmpty();
	}

	@Test
	void sseFramesEachPayloadAndEndsWithDone() {
		this.server.enqueue(FakeResponse.sse("{\"a\":1}", "{\"b\":2}"));
		HttpResponse<String> response = chat(this.server, chatRequest(true));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
		assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
		assertThat(response.body()).isEqualTo("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n");
	}

	@Test
	void streamWithoutDoneIsTruncated() {
		this.server.enqueue(FakeResponse.sse("{\"a\":1}").withoutDone());
		assertThat(sseData(chat(this.server, chatRequest(true)).body())).containsExactly("{\"a\":1}");
	}

	@Test
	void errorEventEndsTheStreamWithoutDone() {
		this.server.enqueue(FakeResponse.chatStream("one two three")
			.withErrorEventAfter(2, "backend_error", "backend_error", "Backend failed mid-stream"));
		List<String> data = sseData(chat(this.server, chatRequest(true)).body());
		assertThat(data).hasSize(3).doesNotContain("[DONE]");
		assertThat(json(data.get(1)).path("choices").get(0).path("delta").path("content").stringValue())
			.isEqualTo("one");
		JsonNode error = json(data.get(2)).path("error");
		assertThat(error.path("code").stringValue()).isEqualTo("backend_error");
		assertThat(error.path("message").stringValue()).isEqualTo("Backend failed mid-stream");
	}

	@Test
	void malformedChunkReplacesOneEvent() {
		this.server.enqueue(FakeResponse.chatStream("one two").withMalformedChunkAt(1));
		List<String> data = sseData(chat(this.server, chatRequest(true)).body());
		assertThat(data).hasSize(5).last().isEqualTo("[DONE]");
		assertThat(data.get(1)).isEqualTo("{\"id\":\"chatcmpl-x\",\"choices\":[{");
		assertThat(json(data.get(2)).path("choices").get(0).path("delta").path("content").stringValue())
			.isEqualTo(" two");
	}

	@Test
	void scriptedChatStreamFollowsTheRequestsUsageOption() {
		this.server.enqueue(FakeResponse.chatStream("Hi there"));
		this.server.enqueue(FakeResponse.chatStream("Hi there"));
		List<String> plain = sseData(chat(this.server, chatRequest(true)).body());
		List<String> withUsage = sseData(chat(this.server, chatRequest(true).replace("\"stream\":true",
				"\"stream\":true,\"stream_options\":{\"include_usage\":true}")).body());
		assertThat(plain).hasSize(5);
		assertThat(withUsage).hasSize(6);
		assertThat(json(withUsage.get(4)).path("usage").path("completion_tokens").intValue()).isEqualTo(2);
	}

	@Test
	void scriptedCompletionsUseTheRequestedModel() {
		this.server.enqueue(FakeResponse.chatCompletion("Scripted"));
		this.server.enqueue(FakeResponse.toolCallCompletion("lookup", "{\"q\":"));
		JsonNode text = json(chat(this.server, chatRequest(false).replace("epithre-omni", "epithre-lyt")).body());
		assertThat(text.path("model").stringValue()).isEqualTo("epithre-lyt");
		assertThat(text.path("choices").get(0).path("message").path("content").stringValue()).isEqualTo("Scripted");
		JsonNode call = json(chat(this.server, chatRequest(false)).body()).path("choices").get(0);
		assertThat(call.path("finish_reason").stringValue()).isEqualTo("tool_calls");
		assertThat(call.path("message").path("tool_calls").get(0).path("function").path("arguments").stringValue())
			.isEqualTo("{\"q\":");
	}

	@Test
	void rawStreamSegmentsArriveVerbatimAsSeparateWrites() {
		List<String> segments = List.of(": keep-alive\r\n\r\n", "data: {\"id\":\"chatcmpl-1\",\r\n",
				"data: \"choices\":[]}\r\n\r\n", "data: {\"id\":\"chat", "cmpl-2\",\"choices\":[]}\n\n",
				"data: [DONE]\n\n");
		this.server.enqueue(
				FakeResponse.rawStream(segments.toArray(String[]::new)).withChunkDelay(Duration.ofMillis(20)));
		List<String> received = TestHttp.chatChunks(this.server, chatRequest(true))
			.collectList()
			.block(TestHttp.TIMEOUT);
		assertThat(received).isNotNull();
		assertThat(String.join("", received)).isEqualTo(String.join("", segments));
		// every segment boundary is a boundary of what the client received: nothing was merged
		List<Integer> receivedEnds = ends(received);
		assertThat(receivedEnds).containsAll(ends(segments));
	}

	@Test
	void eventsPerWriteSendsThatManyEventsAsOneChunk() {
		List<String> segments = List.of("data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: {\"n\":3}\n\n",
				"data: {\"n\":4}\n\n", "data: [DONE]\n\n");
		this.server.enqueue(FakeResponse.rawStream(segments.toArray(String[]::new))
			.withChunkDelay(Duration.ofMillis(20))
			.withEventsPerWrite(3));
		List<String> received = TestHttp.chatChunks(this.server, chatRequest(true))
			.collectList()
			.block(TestHttp.TIMEOUT);
		assertThat(received).isNotNull();
		assertThat(String.join("", received)).isEqualTo(String.join("", segments));
		// two writes, each one chunk of the body: the client never sees a boundary inside one of them
		assertThat(ends(received)).containsAll(List.of(ends(segments).get(2), ends(segments).get(4)))
			.doesNotContain(ends(segments).get(0), ends(segments).get(1), ends(segments).get(3));
		assertThatIllegalArgumentException().isThrownBy(() -> FakeResponse.sse("{}").withEventsPerWrite(0));
	}

	@Test
	void resetAfterEventsAbortsTheConnection() {
		this.server.enqueue(FakeResponse.chatStream("one two three four").withResetAfter(2));
		List<String> received = new CopyOnWriteArrayList<>();
		StepVerifier.create(TestHttp.chatChunks(this.server, chatRequest(true)))
			.recordWith(() -> received)
			.thenConsumeWhile((chunk) -> true)
			.expectErrorSatisfies((ex) -> assertThat(ex).as("premature end of the chunked body")
				.isInstanceOf(PrematureCloseException.class))
			.verify(TestHttp.TIMEOUT);
		List<String> data = sseData(String.join("", received));
		assertThat(data).hasSize(2).doesNotContain("[DONE]");
		assertThat(json(data.get(1)).path("choices").get(0).path("delta").path("content").stringValue())
			.isEqualTo("one");
		assertThat(this.server.disconnectCount()).isZero();
	}

	@Test
	void resetAfterZeroEventsSendsOnlyTheHeaders() throws Exception {
		this.server.enqueue(FakeResponse.sse("{}").withResetAfter(0));
		HttpResponse<InputStream> response = TestHttp.openChatStream(this.server, KEY, chatRequest(true));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> response.body().readAllBytes());
	}

	@Test
	void droppedConnectionGetsNoResponse() {
		this.server.enqueue(FakeResponse.dropConnection());
		// a POST, since the JDK client silently retries a GET whose connection closed without a response
		assertThatIllegalStateException().isThrownBy(() -> chat(this.server, chatRequest(false)))
			.withRootCauseInstanceOf(IOException.class);
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void firstByteDelayHoldsBackEvenTheStatusLine() throws Exception {
		this.server.enqueue(FakeResponse.json(200, "{}").withFirstByteDelay(Duration.ofMillis(600)));
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			long start = System.nanoTime();
			socket.setSoTimeout(250);
			InputStream in = socket.getInputStream();
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(in::read);
			socket.setSoTimeout(5000);
			String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
			assertThat(reply).startsWith("HTTP/1.1 200 OK").endsWith("{}");
		}
	}

	@Test
	void streamModifiersRefuseResponsesThatAreNotStreams() {
		FakeResponse json = FakeResponse.json(200, "{}");
		assertThatIllegalStateException().isThrownBy(() -> json.withChunkDelay(Duration.ofMillis(1)));
		assertThatIllegalStateException().isThrownBy(() -> json.withResetAfter(1));
		assertThatIllegalStateException().isThrownBy(() -> FakeResponse.chatCompletion("x").withoutDone());
		assertThatIllegalStateException().isThrownBy(() -> FakeResponse.rawStream("x").withMalformedChunkAt(0));
	}

	private static List<Integer> ends(List<String> pieces) {
		List<Integer> ends = new ArrayList<>();
		int end = 0;
		for (String piece : pieces) {
			end += piece.getBytes(StandardCharsets.UTF_8).length;
			ends.add(end);
		}
		return ends;
	}

}
