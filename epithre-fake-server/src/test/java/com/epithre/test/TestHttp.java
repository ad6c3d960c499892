package com.epithre.test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loopback HTTP calls for the tests, every one bounded by a timeout.
 */
public final class TestHttp {

	/** Timeout of every call. */
	public static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** A well-formed sandbox key. */
	public static final String KEY = "esk_test_0123456789abcdef0123456789abcdef";

	/** Another well-formed sandbox key. */
	public static final String OTHER_KEY = "esk_test_fedcba9876543210fedcba9876543210";

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TestHttp() {
	}

	public static HttpResponse<String> get(FakeEpithreServer server, String path, String... headers) {
		return send(request(server, path, headers).GET().build(), BodyHandlers.ofString());
	}

	public static HttpResponse<String> post(FakeEpithreServer server, String path, String body, String... headers) {
		return send(request(server, path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				BodyHandlers.ofString());
	}

	public static HttpResponse<String> chat(FakeEpithreServer server, String body) {
		return post(server, "/v1/chat/completions", body, "Authorization", "Bearer " + KEY);
	}

	public static HttpResponse<InputStream> openChatStream(FakeEpithreServer server, String key, String body) {
		HttpRequest request = request(server, "/v1/chat/completions", "Authorization", "Bearer " + key)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return send(request, BodyHandlers.ofInputStream());
	}

	/**
	 * Post a chat request with Reactor Netty's client, which emits each received HTTP chunk as it comes and, unlike
	 * the JDK client's input stream, delivers received data before a premature close.
	 */
	public static Flux<String> chatChunks(FakeEpithreServer server, String body) {
		return reactor.netty.http.client.HttpClient.create(ConnectionProvider.newConnection())
			.headers((headers) -> headers.add("Authorization", "Bearer " + KEY))
			.post()
			.uri(server.baseUrl() + "/chat/completions")
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
			.response((response, content) -> content.asString(StandardCharsets.UTF_8));
	}

	public static <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) {
		try {
			return CLIENT.sendAsync(request, handler).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("HTTP call failed: " + request, ex);
		}
	}

	public static HttpRequest.Builder request(FakeEpithreServer server, String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
			.timeout(TIMEOUT);
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	public static String chatRequest(boolean stream) {
		return "{\"model\":\"epithre-omni\",\"stream\":" + stream
				+ ",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of Indonesia?\"}]}";
	}

	public static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	public static Map<String, Object> map(String text) {
		return JSON.readValue(text, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
	}

	/**
	 * Split an event-stream body into the data of its events; asserts the {@code data: <x>\n\n} framing.
	 */
	public static List<String> sseData(String body) {
		List<String> data = new ArrayList<>();
		for (String event : body.split("\n\n", -1)) {
			if (event.isEmpty()) {
				continue;
			}
			if (!event.startsWith("data: ") || event.contains("\n")) {
				throw new AssertionError("Not a single data line: '" + event + "' in " + body);
			}
			data.add(event.substring("data: ".length()));
		}
		if (!body.isEmpty() && !body.endsWith("\n\n")) {
			throw new AssertionError("Stream does not end with a blank line: " + body);
		}
		return data;
	}

}
