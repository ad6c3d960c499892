package com.epithre.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
import com.epithre.client.error.EpithreException;

/**
 * Chat endpoints: a blocking answer and an SSE relay of the streamed answer.
 */
@RestController
class ChatController {

	static final String MODEL = "epithre-omni";

	private static final Log logger = LogFactory.getLog(ChatController.class);

	private final EpithreClient epithre;

	private final DemoMode demoMode;

	ChatController(EpithreClient epithre, ObjectProvider<DemoMode> demoMode) {
		this.epithre = epithre;
		this.demoMode = demoMode.getIfAvailable(() -> new DemoMode(false, null));
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
	 * Relay the stream; event data is JSON so leading spaces of tokens survive the browser's SSE parser, chunks
	 * without text send nothing, and a {@code done} event tells the page to close its {@code EventSource} (which would
	 * otherwise reconnect and ask again).
	 * @param prompt the user's prompt
	 * @return {@code token} events, then {@code usage} and {@code done}, or an {@code error} event
	 */
	@GetMapping(path = "/api/chat/stream", produces = "text/event-stream")
	Flux<ServerSentEvent<Map<String, Object>>> stream(@RequestParam String prompt) {
		return this.epithre.chat()
			.stream(request(prompt))
			.concatMapIterable(ChatController::events)
			.concatWith(Mono.just(event("done", Map.of())))
			.onErrorResume(EpithreException.class, (ex) -> {
				logger.warn("Chat stream failed: " + ex.getMessage());
				return Mono.just(event("error", ErrorExplanation.of(ex).toMap()));
			});
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

	private static ChatCompletionRequest request(String prompt) {
		return ChatCompletionRequest.builder(MODEL).user(prompt).build();
	}

	private static ServerSentEvent<Map<String, Object>> event(String name, Map<String, Object> data) {
		return ServerSentEvent.<Map<String, Object>>builder(data).event(name).build();
	}

}
