package com.epithre.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionAccumulator;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.FinishReason;
import com.epithre.client.chat.Tool;
import com.epithre.client.chat.ToolChoice;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ChatIntegrationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreClient client = ClientTestSupport.client(this.server);

	@Test
	void blockingChatSendsKeyUserAgentAndJsonAndDecodesTheAnswer() {
		this.server.defaultReply("Jakarta.");
		StepVerifier.create(this.client.chat().create(ClientTestSupport.hello())).assertNext((completion) -> {
			assertThat(completion.text()).isEqualTo("Jakarta.");
			assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
			assertThat(completion.id()).startsWith("chatcmpl-");
			assertThat(completion.usage().totalTokens()).isPositive();
			assertThat(completion.usage().cacheReadInputTokens()).isNotNull();
		}).expectComplete().verify(Duration.ofSeconds(10));
		RecordedRequest request = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v1/chat/completions");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + ClientTestSupport.KEY);
		assertThat(request.header("User-Agent")).startsWith("epithre-spring-boot/");
		assertThat(request.header("Content-Type")).startsWith("application/json");
		assertThat(request.jsonBody()).containsEntry("model", "epithre-omni").doesNotContainKey("stream");
		assertThat(request.jsonBody().get("messages")).isEqualTo(
				List.of(Map.of("role", "user", "content", "Apa ibu kota Indonesia?")));
	}

	@Test
	void streamDeliversChunksInOrderAndAsksForUsage() {
		this.server.defaultReply("Jakarta adalah ibu kota.");
		List<ChatCompletionChunk> chunks = this.client.chat()
			.stream(ClientTestSupport.hello())
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(chunks).extracting(ChatCompletionChunk::text)
			.containsExactly("", "Jakarta", " adalah", " ibu", " kota.", "", "");
		assertThat(chunks.get(chunks.size() - 1).choices()).isEmpty();
		assertThat(chunks.get(chunks.size() - 1).usage().totalTokens()).isPositive();
		RecordedRequest request = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(request.headers("Accept")).containsExactly("text/event-stream");
		assertThat(request.headers("Content-Type")).containsExactly("application/json");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + ClientTestSupport.KEY);
		assertThat(request.header("User-Agent")).startsWith("epithre-spring-boot/");
		assertThat(request.jsonBody()).containsEntry("stream", true)
			.containsEntry("stream_options", Map.of("include_usage", true));
	}

	@Test
	void streamWithoutUsageWhenTurnedOff() {
		EpithreClient noUsage = ClientTestSupport.client(this.server,
				EpithreClientSettings.defaults().withIncludeUsage(false));
		StepVerifier.create(noUsage.chat().stream(ClientTestSupport.hello()).filter((chunk) -> chunk.usage() != null))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.takeRequest(Duration.ofSeconds(5)).jsonBody()).containsEntry("stream", true)
			.doesNotContainKey("stream_options");
	}

	@Test
	void streamedAnswerAccumulatesToTheBlockingAnswer() {
		this.server.defaultReply("Satu dua tiga.");
		ChatCompletion streamed = ChatCompletionAccumulator.accumulate(this.client.chat().stream(ClientTestSupport.hello()))
			.block(Duration.ofSeconds(10));
		ChatCompletion blocking = this.client.chat().create(ClientTestSupport.hello()).block(Duration.ofSeconds(10));
		assertThat(streamed.text()).isEqualTo(blocking.text()).isEqualTo("Satu dua tiga.");
		assertThat(streamed.finishReason()).isEqualTo(blocking.finishReason());
		assertThat(streamed.usage()).isNotNull();
	}

	@Test
	void streamedToolCallFragmentsAreMerged() {
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-omni")
			.user("Cuaca di Jakarta?")
			.tool(Tool.function("get_weather", "Weather by city", Map.of("type", "object")))
			.toolChoice(ToolChoice.function("get_weather"))
			.build();
		ChatCompletion completion = ChatCompletionAccumulator.accumulate(this.client.chat().stream(request))
			.block(Duration.ofSeconds(10));
		assertThat(completion.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(completion.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.id()).startsWith("call_");
			assertThat(call.function().name()).isEqualTo("get_weather");
			assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Jakarta\"}");
		});
		Map<String, Object> body = this.server.takeRequest(Duration.ofSeconds(5)).jsonBody();
		assertThat(body.get("tool_choice")).isEqualTo(Map.of("type", "function", "function", Map.of("name", "get_weather")));
	}

	@Test
	void streamEndingWithoutDoneFailsAfterDeliveringWhatArrived() {
		this.server.enqueue(FakeResponse.chatStream("Satu dua tiga").withoutDone());
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello()).map(ChatCompletionChunk::text))
			.expectNext("", "Satu", " dua", " tiga")
			.thenConsumeWhile((text) -> true)
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("without data: [DONE]")
				.hasMessageContaining("truncated")
				.satisfies((ex) -> assertThat(((EpithreStreamException) ex).getRequestId()).startsWith("req")))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void errorEventInsideAStreamRaisesTheTypedError() {
		this.server.enqueue(FakeResponse.chatStream("Satu dua tiga empat")
			.withErrorEventAfter(2, "rate_limit_error", "backend_busy", "Shared pool is full"));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello()))
			.expectNextCount(2)
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreStreamErrorEventException.class)
					.hasMessageContaining("backend_busy")
					.hasMessageContaining("Shared pool is full");
				EpithreStreamErrorEventException event = (EpithreStreamErrorEventException) error;
				assertThat(event.getApiError()).isInstanceOf(EpithreRateLimitException.class);
				assertThat(((EpithreRateLimitException) event.getApiError()).getReason())
					.isEqualTo(EpithreRateLimitException.Reason.BACKEND_BUSY);
				assertThat(event.getRequestId()).isNotBlank();
			})
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void malformedChunkFailsTheStreamWithASnippet() {
		this.server.enqueue(FakeResponse.chatStream("Satu dua tiga").withMalformedChunkAt(2));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello()))
			.expectNextCount(2)
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("unreadable event")
				.hasMessageContaining("chatcmpl"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void connectionResetMidStreamFailsAfterTheDeliveredChunks() {
		this.server.enqueue(FakeResponse.chatStream("Satu dua tiga empat lima").withResetAfter(3));
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello()))
			.expectNextCount(3)
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("[request id req"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void rawStreamWithCrlfCommentsAndEventsSplitAcrossWritesDecodes() {
		this.server.enqueue(FakeResponse.rawStream(": keep-alive\r\n\r\n",
				"data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\r\n\r\n",
				"data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"de", "lta\":{\"content\":\"Hal\"}}]}\r", "\n\r\n",
				"data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"o 🇮🇩\"}}]}\n\n: ping\n\n",
				"data: {\"choices\":[],\"usage\":{\"total_tokens\":3}}\n\ndata: [DO", "NE]\n\n")
			.withChunkDelay(Duration.ofMillis(20)));
		List<ChatCompletionChunk> chunks = this.client.chat()
			.stream(ClientTestSupport.hello())
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(chunks).extracting(ChatCompletionChunk::text).containsExactly("", "Hal", "o 🇮🇩", "");
		assertThat(chunks.get(3).usage().totalTokens()).isEqualTo(3);
	}

	@Test
	void cancellingTheStreamClosesTheConnection() {
		this.server.streamChunkDelay(Duration.ofMillis(200)).defaultReply("satu dua tiga empat lima enam tujuh");
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello()).take(2))
			.expectNextCount(2)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
		assertThat(this.server.inFlight(ClientTestSupport.KEY)).isZero();
		this.server.streamChunkDelay(Duration.ZERO);
		StepVerifier.create(this.client.chat().stream(ClientTestSupport.hello()).count())
			.expectNextMatches((count) -> count > 3)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void completedStreamsDoNotCountAsDisconnects() {
		Flux<ChatCompletionChunk> stream = this.client.chat().stream(ClientTestSupport.hello());
		StepVerifier.create(stream.then()).expectComplete().verify(Duration.ofSeconds(10));
		StepVerifier.create(stream.then()).expectComplete().verify(Duration.ofSeconds(10));
		assertThat(this.server.disconnectCount()).isZero();
	}

}
