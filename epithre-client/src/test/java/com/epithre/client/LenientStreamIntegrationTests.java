package com.epithre.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionAccumulator;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.ToolCall;
import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreNotFoundException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams as other OpenAI-compatible servers send them, over real HTTP: every field is read, a missing optional one
 * never fails the stream, and error events keep what they said.
 */
class LenientStreamIntegrationTests {

	private static final Duration VERIFY = Duration.ofSeconds(10);

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreClient client = EpithreClient.builder(WebClient.builder())
		.settings((settings) -> settings.withBaseUrl(this.server.baseUrl()).withApiKey(ClientTestSupport.KEY))
		.resilience(EpithreResilience.create())
		.build();

	@Test
	void refusalInDeltasIsAccumulatedNotDropped() {
		this.server.enqueue(FakeResponse.rawStream(
				data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"refusal\":\"I can\"}}]}"),
				data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"not help.\"},"
						+ "\"finish_reason\":\"stop\"}]}"),
				"data: [DONE]\n\n"));
		ChatCompletion completion = accumulate();
		assertThat(completion.refusal()).isEqualTo("I cannot help.");
		assertThat(completion.text()).isEmpty();
	}

	@Test
	void choiceWithoutIndexIsItsPositionAndLastNonEmptyFinishReasonWins() {
		this.server.enqueue(FakeResponse.rawStream(
				data("{\"id\":\"c1\",\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"Ha\"}}]}"),
				data("{\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}"),
				data("{\"id\":\"c1\",\"choices\":[{\"delta\":{},\"finish_reason\":\"\"}]}"), "data: [DONE]\n\n"));
		ChatCompletion completion = accumulate();
		assertThat(completion.text()).isEqualTo("Halo");
		assertThat(completion.choices()).singleElement().satisfies((choice) -> {
			assertThat(choice.index()).isZero();
			assertThat(choice.finishReason()).isEqualTo("stop");
		});
		assertThat(this.server.requestCount()).as("read, not retried as unreadable").isEqualTo(1);
	}

	@Test
	void toolCallWithoutIndexSplitOverTwoChunksIsOneCall() {
		this.server.enqueue(FakeResponse.rawStream(
				data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":"
						+ "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
						+ "\"arguments\":\"{\\\"city\\\":\"}}]}}]}"),
				data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
						+ "[{\"function\":{\"arguments\":\"\\\"Jakarta\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}"),
				"data: [DONE]\n\n"));
		ChatCompletion completion = accumulate();
		assertThat(completion.choices().get(0).message().toolCalls()).singleElement().satisfies((ToolCall call) -> {
			assertThat(call.id()).isEqualTo("call_1");
			assertThat(call.function().name()).isEqualTo("weather");
			assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Jakarta\"}");
		});
	}

	@Test
	void leadingByteOrderMarkDoesNotLoseTheFirstEvent() {
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		this.server.enqueue(FakeResponse.rawStream(bom,
				bytes(data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Halo\"}}]}")),
				bytes("data: [DONE]\n\n")));
		assertThat(accumulate().text()).isEqualTo("Halo");
	}

	@Test
	void errorEventWithANumericCodeKeepsItsTextAndStatusAndIsNotRetried() {
		this.server.enqueue(FakeResponse.rawStream(data("{\"error\":{\"message\":\"messages[1] is malformed\","
				+ "\"type\":\"invalid_request_error\",\"code\":400,\"param\":\"messages\"}}")));
		StepVerifier.create(this.client.chat().stream(request()))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreStreamErrorEventException.class)
					.hasMessageContaining("error event in a 200 stream");
				EpithreApiException api = ((EpithreStreamErrorEventException) error).getApiError();
				assertThat(api).isInstanceOf(EpithreBadRequestException.class);
				assertThat(api.getStatusCode()).isEqualTo(400);
				assertThat(api.getCode()).isEqualTo("400");
				assertThat(api.getParam()).isEqualTo("messages");
			})
			.verify(VERIFY);
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void errorEventIsTypedByItsCodeBeforeItsTypeAsOverHttp() {
		String envelope = "{\"error\":{\"message\":\"No such file\",\"type\":\"invalid_request_error\","
				+ "\"code\":\"not_found\"}}";
		this.server.enqueue(FakeResponse.rawStream(
				data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Ha\"}}]}"), data(envelope)));
		StepVerifier.create(this.client.chat().stream(request()))
			.expectNextCount(1)
			.expectErrorSatisfies((error) -> {
				EpithreApiException api = ((EpithreStreamErrorEventException) error).getApiError();
				assertThat(api).isInstanceOf(EpithreNotFoundException.class);
				assertThat(api.getStatusCode()).isEqualTo(404);
			})
			.verify(VERIFY);
		this.server.enqueue(FakeResponse.json(404, envelope));
		StepVerifier.create(this.client.chat().stream(request()))
			.expectError(EpithreNotFoundException.class)
			.verify(VERIFY);
	}

	@Test
	void nullChoicesAndAnEmptyErrorObjectBesideAChunkAreSkipped() {
		this.server.enqueue(FakeResponse.rawStream(
				data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Ha\"}}],\"error\":{}}"),
				data("{\"choices\":[null]}"), data("{\"choices\":[null,{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}"),
				"data: [DONE]\n\n"));
		assertThat(accumulate().text()).isEqualTo("Halo");
	}

	@Test
	void plainTextErrorEventIsATypedServerError() {
		this.server.enqueue(FakeResponse.rawStream("event: error\ndata: model worker crashed\n\n"));
		this.server.enqueue(FakeResponse.rawStream("event: error\ndata: model worker crashed\n\n"));
		StepVerifier.create(this.client.chat().stream(request()))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreStreamErrorEventException.class)
					.hasMessageContaining("model worker crashed");
				assertThat(((EpithreStreamErrorEventException) error).getApiError())
					.isInstanceOf(EpithreServerException.class);
			})
			.verify(VERIFY);
		assertThat(this.server.requestCount()).as("a 500 before the first chunk is retried once").isEqualTo(2);
	}

	private ChatCompletion accumulate() {
		ChatCompletion completion = ChatCompletionAccumulator.accumulate(this.client.chat().stream(request()))
			.block(VERIFY);
		assertThat(completion).isNotNull();
		return completion;
	}

	private static ChatCompletionRequest request() {
		return ChatCompletionRequest.builder("epithre-omni").user("Halo").build();
	}

	private static String data(String json) {
		return "data: " + json + "\n\n";
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
