package com.epithre.test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static com.epithre.test.TestHttp.KEY;
import static com.epithre.test.TestHttp.chat;
import static com.epithre.test.TestHttp.chatRequest;
import static com.epithre.test.TestHttp.get;
import static com.epithre.test.TestHttp.json;
import static com.epithre.test.TestHttp.post;
import static com.epithre.test.TestHttp.sseData;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the default behaviour of {@link FakeEpithreServer} ({@link DefaultApi}).
 */
@Timeout(10)
class DefaultApiTests {

	private static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
			+ "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
			+ "\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"]}}}";

	private static final String TIME_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_time\","
			+ "\"parameters\":{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}}}}}";

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
	void modelsListHasTheSixDocumentedModelsWithoutAuthentication() {
		HttpResponse<String> response = get(this.server, "/v1/models");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode list = json(response.body());
		assertThat(list.path("object").stringValue()).isEqualTo("list");
		assertThat(list.path("data").valueStream().map((model) -> model.path("id").stringValue())).containsExactly(
				"epithre-omni", "epithre-prme", "epithre-lyt", "epithre-embed", "epithre-rerank", "epithre-iris");
		JsonNode omni = list.path("data").get(0);
		assertThat(omni.path("object").stringValue()).isEqualTo("model");
		assertThat(omni.path("owned_by").stringValue()).isEqualTo("epithre");
		assertThat(omni.path("tier").stringValue()).isEqualTo("flagship");
		assertThat(omni.path("context_window").intValue()).isEqualTo(49152);
		assertThat(omni.path("max_output_tokens").intValue()).isEqualTo(16384);
		assertThat(omni.path("modalities").valueStream().map(JsonNode::stringValue)).containsExactly("text", "image");
		assertThat(omni.path("capabilities").valueStream().map(JsonNode::stringValue)).containsExactly("chat",
				"tool_use", "vision", "thinking");
		assertThat(omni.path("description").stringValue()).isNotBlank();
		assertThat(omni.path("pricing_model").stringValue()).isEqualTo("per_token");
	}

	@Test
	void modelsListIgnoresAWrongAuthorizationHeader() {
		assertThat(get(this.server, "/v1/models", "Authorization", "Bearer revoked key").statusCode()).isEqualTo(200);
		assertThat(get(this.server, "/v1/models/epithre-lyt", "Authorization", "Basic Zm9vOmJhcg==").statusCode())
			.isEqualTo(200);
	}

	@Test
	void modelIsReturnedByIdWithoutUndocumentedFields() {
		HttpResponse<String> response = get(this.server, "/v1/models/epithre-prme");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode prme = json(response.body());
		assertThat(prme.path("id").stringValue()).isEqualTo("epithre-prme");
		assertThat(prme.path("context_window").intValue()).isEqualTo(180000);
		assertThat(prme.has("max_output_tokens")).isFalse();
	}

	@Test
	void unknownModelIdIsNotFoundWithTheErrorEnvelope() {
		HttpResponse<String> response = get(this.server, "/v1/models/gpt-4o");
		assertThat(response.statusCode()).isEqualTo(404);
		assertError(response, "invalid_request_error", "model_not_found");
		assertThat(json(response.body()).path("error").path("message").stringValue()).contains("gpt-4o");
	}

	static Stream<Arguments> badAuthorizations() {
		return Stream.of(Arguments.of("missing header", null), Arguments.of("missing Bearer prefix", KEY),
				Arguments.of("lower-case scheme", "bearer " + KEY), Arguments.of("empty key", "Bearer "),
				Arguments.of("whitespace inside the key", "Bearer esk_test_0123456789abcdef 0123456789abcdef"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badAuthorizations")
	void chatWithoutAValidBearerKeyIsUnauthorized(String description, String authorization) {
		String[] headers = (authorization != null) ? new String[] { "Authorization", authorization } : new String[0];
		HttpResponse<String> response = post(this.server, "/v1/chat/completions", chatRequest(false), headers);
		assertThat(response.statusCode()).isEqualTo(401);
		assertError(response, "authentication_error", "authentication_error");
		assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
	}

	@Test
	void keyWithATrailingLineBreakIsUnauthorized() throws Exception {
		// HTTP clients refuse a raw newline in a header, so the break reaches the server as a folded line
		byte[] body = chatRequest(false).getBytes(StandardCharsets.UTF_8);
		String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length + "\r\nAuthorization: Bearer " + KEY + "\r\n \r\n"
				+ "Connection: close\r\n\r\n";
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(reply).startsWith("HTTP/1.1 401 ").contains("\"code\":\"authentication_error\"");
		}
		RecordedRequest recorded = this.server.takeRequest(Duration.ofSeconds(1));
		assertThat(recorded).isNotNull();
		assertThat(recorded.apiKey()).isEqualTo(KEY + " ");
	}

	@Test
	void requiredApiKeyRefusesOtherKeys() {
		this.server.requireApiKey(TestHttp.OTHER_KEY);
		assertThat(chat(this.server, chatRequest(false)).statusCode()).isEqualTo(401);
		HttpResponse<String> accepted = post(this.server, "/v1/chat/completions", chatRequest(false), "Authorization",
				"Bearer " + TestHttp.OTHER_KEY);
		assertThat(accepted.statusCode()).isEqualTo(200);
	}

	@Test
	void otherApiPathsNeedAuthenticationBeforeTheyAreNotFound() {
		// docs/epithre-api.md, overview: speech is not offered, so the path stays unknown
		HttpResponse<String> anonymous = post(this.server, "/v1/audio/speech", "{}");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		HttpResponse<String> authenticated = post(this.server, "/v1/audio/speech", "{}", "Authorization",
				"Bearer " + KEY);
		assertThat(authenticated.statusCode()).isEqualTo(404);
		assertError(authenticated, "invalid_request_error", "not_found");
		assertThat(get(this.server, "/health").statusCode()).isEqualTo(404);
	}

	static Stream<Arguments> invalidChatRequests() {
		return Stream.of(Arguments.of("{\"model\":", "invalid_request_error"),
				Arguments.of("[1,2]", "invalid_request_error"),
				Arguments.of("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model_not_found"),
				Arguments.of("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
						"model_not_found"),
				Arguments.of("{\"model\":\"epithre-embed\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
						"model_not_found"),
				Arguments.of("{\"model\":\"epithre-omni\"}", "invalid_request_error"),
				Arguments.of("{\"model\":\"epithre-lyt\",\"messages\":[]}", "invalid_request_error"),
				Arguments.of("{\"model\":\"epithre-prme\",\"messages\":\"hi\"}", "invalid_request_error"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidChatRequests")
	void invalidChatRequestIsABadRequest(String body, String code) {
		HttpResponse<String> response = chat(this.server, body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertError(response, "invalid_request_error", code);
	}

	@Test
	void chatBodyOverOneMegabyteIsTooLarge() {
		String padding = "x".repeat(DefaultApi.MAX_CHAT_BODY_BYTES);
		HttpResponse<String> response = chat(this.server,
				"{\"model\":\"epithre-omni\",\"messages\":[{\"role\":\"user\",\"content\":\"" + padding + "\"}]}");
		assertThat(response.statusCode()).isEqualTo(413);
		assertError(response, "request_too_large", "request_too_large");
	}

	@Test
	void completionHasTheDocumentedShape() {
		HttpResponse<String> response = chat(this.server, chatRequest(false).replace("epithre-omni", "epithre-prme"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode completion = json(response.body());
		assertThat(completion.path("id").stringValue()).startsWith("chatcmpl-");
		assertThat(completion.path("object").stringValue()).isEqualTo("chat.completion");
		assertThat(completion.path("created").longValue()).isPositive();
		assertThat(completion.path("model").stringValue()).isEqualTo("epithre-prme");
		assertThat(completion.path("choices")).hasSize(1);
		JsonNode choice = completion.path("choices").get(0);
		assertThat(choice.path("index").intValue()).isZero();
		assertThat(choice.path("message").path("role").stringValue()).isEqualTo("assistant");
		assertThat(choice.path("message").path("content").stringValue()).isEqualTo(FakeEpithreServer.DEFAULT_REPLY);
		assertThat(choice.path("finish_reason").stringValue()).isEqualTo("stop");
		JsonNode usage = completion.path("usage");
		assertThat(usage.path("prompt_tokens").intValue()).isPositive();
		assertThat(usage.path("completion_tokens").intValue()).isPositive();
		assertThat(usage.path("total_tokens").intValue())
			.isEqualTo(usage.path("prompt_tokens").intValue() + usage.path("completion_tokens").intValue());
		assertThat(usage.has("cache_creation_input_tokens")).isTrue();
		assertThat(usage.has("cache_read_input_tokens")).isTrue();
	}

	@Test
	void completionUsesTheConfiguredReply() {
		this.server.defaultReply("Selamat pagi");
		JsonNode completion = json(chat(this.server, chatRequest(false)).body());
		assertThat(completion.path("choices").get(0).path("message").path("content").stringValue())
			.isEqualTo("Selamat pagi");
	}

	@Test
	void streamFollowsTheDocumentedSequenceWithoutUsageByDefault() {
		HttpResponse<String> response = chat(this.server, chatRequest(true));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
		assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
		List<String> data = sseData(response.body());
		assertThat(data).last().isEqualTo("[DONE]");
		List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(TestHttp::json).toList();
		JsonNode role = chunks.get(0);
		assertThat(role.path("object").stringValue()).isEqualTo("chat.completion.chunk");
		assertThat(role.path("choices").get(0).path("delta").path("role").stringValue()).isEqualTo("assistant");
		assertThat(role.path("choices").get(0).path("delta").path("content").stringValue()).isEmpty();
		List<String> tokens = chunks.subList(1, chunks.size() - 1)
			.stream()
			.map((chunk) -> chunk.path("choices").get(0).path("delta").path("content").stringValue())
			.toList();
		assertThat(tokens).startsWith("Hello", " from", " the", " fake");
		assertThat(String.join("", tokens)).isEqualTo(FakeEpithreServer.DEFAULT_REPLY);
		JsonNode last = chunks.get(chunks.size() - 1);
		assertThat(last.path("choices").get(0).path("delta").isEmpty()).isTrue();
		assertThat(last.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(chunks).allSatisfy((chunk) -> {
			assertThat(chunk.path("id").stringValue()).isEqualTo(role.path("id").stringValue());
			assertThat(chunk.has("usage")).isFalse();
		});
	}

	@Test
	void streamEndsWithAUsageChunkWithEmptyChoicesWhenAskedFor() {
		String body = chatRequest(true).replace("\"stream\":true",
				"\"stream\":true,\"stream_options\":{\"include_usage\":true}");
		List<String> data = sseData(chat(this.server, body).body());
		assertThat(data).last().isEqualTo("[DONE]");
		JsonNode finish = json(data.get(data.size() - 3));
		assertThat(finish.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("stop");
		JsonNode usage = json(data.get(data.size() - 2));
		assertThat(usage.path("choices").isArray()).isTrue();
		assertThat(usage.path("choices").isEmpty()).isTrue();
		assertThat(usage.path("usage").path("completion_tokens").intValue()).isEqualTo(12);
		assertThat(usage.path("usage").path("total_tokens").intValue()).isPositive();
		assertThat(usage.path("usage").has("cache_read_input_tokens")).isTrue();
	}

	@Test
	void streamEventsArePacedByTheChunkDelay() throws Exception {
		this.server.streamChunkDelay(Duration.ofMillis(100)).defaultReply("one two three four");
		List<Long> arrivals = new ArrayList<>();
		List<String> lines = new ArrayList<>();
		long start = System.nanoTime();
		HttpResponse<InputStream> response = TestHttp.openChatStream(this.server, KEY, chatRequest(true));
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isEmpty()) {
					lines.add(line);
					arrivals.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
				}
			}
		}
		// role, four tokens, finish and [DONE]: six pauses between seven events
		assertThat(lines).hasSize(7).last().isEqualTo("data: [DONE]");
		long last = arrivals.get(arrivals.size() - 1);
		assertThat(last).as("the last event cannot arrive before six pauses").isGreaterThanOrEqualTo(6 * 100);
		assertThat(arrivals.get(0)).as("the first event is flushed, not held back with the rest")
			.isLessThan(last - 200);
	}

	@Test
	void requiredToolChoiceAnswersWithACallOfTheFirstTool() {
		String body = "{\"model\":\"epithre-omni\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}],"
				+ "\"tools\":[" + WEATHER_TOOL + "," + TIME_TOOL + "],\"tool_choice\":\"required\"}";
		JsonNode completion = json(chat(this.server, body).body());
		JsonNode choice = completion.path("choices").get(0);
		assertThat(choice.path("finish_reason").stringValue()).isEqualTo("tool_calls");
		assertThat(choice.path("message").path("content").isNull()).isTrue();
		JsonNode call = choice.path("message").path("tool_calls").get(0);
		assertThat(call.path("id").stringValue()).startsWith("call_");
		assertThat(call.path("type").stringValue()).isEqualTo("function");
		assertThat(call.path("function").path("name").stringValue()).isEqualTo("get_weather");
		assertThat(call.path("function").path("arguments").stringValue()).isEqualTo("{\"city\":\"Jakarta\"}");
	}

	@Test
	void namedToolChoiceAnswersWithACallOfThatTool() {
		String body = "{\"model\":\"epithre-prme\",\"messages\":[{\"role\":\"user\",\"content\":\"Time?\"}],"
				+ "\"tools\":[" + WEATHER_TOOL + "," + TIME_TOOL + "],"
				+ "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}}";
		JsonNode call = json(chat(this.server, body).body()).path("choices").get(0).path("message")
			.path("tool_calls").get(0);
		assertThat(call.path("function").path("name").stringValue()).isEqualTo("get_time");
		assertThat(call.path("function").path("arguments").stringValue()).isEqualTo("{\"zone\":\"Jakarta\"}");
	}

	@Test
	void autoToolChoiceAnswersWithText() {
		String body = "{\"model\":\"epithre-omni\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
				+ "\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"auto\"}";
		JsonNode choice = json(chat(this.server, body).body()).path("choices").get(0);
		assertThat(choice.path("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(choice.path("message").path("content").stringValue()).isEqualTo(FakeEpithreServer.DEFAULT_REPLY);
	}

	@Test
	void streamedToolCallArrivesInFragmentsMergedByIndex() {
		String body = "{\"model\":\"epithre-omni\",\"stream\":true,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"W?\"}],"
				+ "\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"required\"}";
		List<String> data = sseData(chat(this.server, body).body());
		assertThat(data).last().isEqualTo("[DONE]");
		List<JsonNode> deltas = data.subList(0, data.size() - 1)
			.stream()
			.map((event) -> json(event).path("choices").get(0).path("delta"))
			.toList();
		assertThat(deltas.get(0).path("role").stringValue()).isEqualTo("assistant");
		List<JsonNode> fragments = deltas.stream()
			.filter((delta) -> delta.has("tool_calls"))
			.map((delta) -> delta.path("tool_calls").get(0))
			.toList();
		assertThat(fragments).hasSizeGreaterThan(2)
			.allSatisfy((fragment) -> assertThat(fragment.path("index").intValue()).isZero());
		JsonNode header = fragments.get(0);
		assertThat(header.path("id").stringValue()).startsWith("call_");
		assertThat(header.path("type").stringValue()).isEqualTo("function");
		assertThat(header.path("function").path("name").stringValue()).isEqualTo("get_weather");
		StringBuilder arguments = new StringBuilder();
		for (JsonNode fragment : fragments.subList(1, fragments.size())) {
			assertThat(fragment.has("id")).isFalse();
			assertThat(fragment.has("type")).isFalse();
			assertThat(fragment.path("function").has("name")).isFalse();
			arguments.append(fragment.path("function").path("arguments").stringValue());
		}
		assertThat(arguments).hasToString("{\"city\":\"Jakarta\"}");
		JsonNode finish = json(data.get(data.size() - 2)).path("choices").get(0);
		assertThat(finish.path("finish_reason").stringValue()).isEqualTo("tool_calls");
	}

	private static void assertError(HttpResponse<String> response, String type, String code) {
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode error = json(response.body()).path("error");
		assertThat(error.path("type").stringValue()).isEqualTo(type);
		assertThat(error.path("code").stringValue()).isEqualTo(code);
		assertThat(error.path("message").stringValue()).isNotBlank();
	}

}
