package com.epithre.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;

/**
 * Chat endpoints: a blocking answer and an SSE relay of the streamed answer.
 */
@RestController
class ChatController {

	static final String MODEL = "epithre-omni";

	private final EpithreClient epithre;

	private final DemoMode demoMode;

	private final ObjectProvider<FakeEpithreServer> fakeServer;

	ChatController(EpithreClient epithre, ObjectProvider<DemoMode> demoMode,
			ObjectProvider<FakeEpithreServer> fakeServer) {
		this.epithre = epithre;
		this.demoMode = demoMode.getIfAvailable(() -> new DemoMode(false, null));
		this.fakeServer = fakeServer;
	}

	@GetMapping("/api/mode")
	Map<String, Object> mode() {
		return Map.of("demo", this.demoMode.enabled(), "model", MODEL);
	}

	@GetMapping("/api/chat")
	Mono<Map<String, Object>> chat(@RequestParam String prompt) {
		return this.epithre.chat()
			.create(request(prompt))
			.map((completion) -> Map.<String, Object>of("text", completion.text(), "usage", completion.usage()));
	}

	/**
	 * Relay the stream; event data is JSON so leading spaces of tokens survive the browser's SSE parser.
	 * @param prompt the user's prompt
	 * @return {@code token} events, then {@code usage} and {@code done}, or an {@code error} event
	 */
	@GetMapping(path = "/api/chat/stream", produces = "text/event-stream")
	Flux<ServerSentEvent<Map<String, Object>>> stream(@RequestParam String prompt,
			@RequestParam(required = false) @Nullable String scenario) {
		Mono<Void> staged = Mono.fromRunnable(() -> stage(DemoScenario.of(scenario)));
		return staged.thenMany(this.epithre.chat().stream(request(prompt)))
			.concatMapIterable(ChatController::events)
			.concatWith(Mono.just(event("done", Map.of())))
			.onErrorResume(EpithreException.class, (ex) -> Mono.just(event("error", describe(ex))));
	}

	private static List<ServerSentEvent<Map<String, Object>>> events(ChatCompletionChunk chunk) {
		List<ServerSentEvent<Map<String, Object>>> events = new ArrayList<>(1);
		if (!chunk.text().isEmpty()) {
			events.add(event("token", Map.of("text", chunk.text())));
		}
		if (chunk.usage() != null) {
			events.add(event("usage", Map.of("usage", chunk.usage())));
		}
		return events;
	}

	private void stage(DemoScenario scenario) {
		FakeResponse response = scenario.response();
		FakeEpithreServer server = this.fakeServer.getIfAvailable();
		if (response == null) {
			return;
		}
		if (!this.demoMode.enabled() || server == null) {
			throw new IllegalArgumentException("Scenarios are only available in demo mode (no EPITHRE_API_KEY)");
		}
		server.enqueue(response.forPath("/v1/chat/completions"));
	}

	private static ChatCompletionRequest request(String prompt) {
		return ChatCompletionRequest.builder(MODEL).user(prompt).build();
	}

	private static ServerSentEvent<Map<String, Object>> event(String name, Map<String, Object> data) {
		return ServerSentEvent.<Map<String, Object>>builder(data).event(name).build();
	}

	private static Map<String, Object> describe(EpithreException ex) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", ex.getClass().getSimpleName());
		EpithreException cause = (ex instanceof EpithreStreamErrorEventException event) ? event.getApiError() : ex;
		if (cause instanceof EpithreApiException api) {
			error.put("status", api.getStatusCode());
			error.put("code", String.valueOf(api.getCode()));
		}
		error.put("requestId", String.valueOf(ex.getRequestId()));
		error.put("message", String.valueOf(ex.getMessage()));
		return error;
	}

}
