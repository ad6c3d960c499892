package com.epithre.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.ToolFunction;
import com.epithre.client.error.EpithreToolLoopException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ToolLoopIntegrationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreClient client = ClientTestSupport.client(this.server);

	private final List<WeatherQuery> calls = new ArrayList<>();

	private final ToolFunction<WeatherQuery> weather = ToolFunction.of("get_weather", "Weather by city",
			WeatherQuery.class, (query) -> {
				this.calls.add(query);
				return new Weather(query.city(), 31);
			});

	private final ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-omni")
		.user("Cuaca di Jakarta?")
		.build();

	@Test
	void runsTheCalledFunctionAndSendsItsResultUntilTheModelAnswers() {
		this.server.enqueue(FakeResponse.toolCallCompletion("get_weather", "{\"city\":\"Jakarta\"}"));
		this.server.enqueue(FakeResponse.chatCompletion("Jakarta cerah, 31 derajat."));
		StepVerifier.create(this.client.chat().createWithTools(this.request, List.of(this.weather), 5))
			.assertNext((answer) -> assertThat(answer.text()).isEqualTo("Jakarta cerah, 31 derajat."))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.calls).containsExactly(new WeatherQuery("Jakarta"));
		RecordedRequest first = this.server.takeRequest(Duration.ofSeconds(5));
		Map<String, Object> tool = firstTool(first);
		assertThat(tool).containsEntry("type", "function");
		assertThat(((Map<String, Object>) tool.get("function")).get("parameters").toString()).contains("city");
		List<Map<String, Object>> messages = messages(this.server.takeRequest(Duration.ofSeconds(5)));
		assertThat(messages).hasSize(3);
		assertThat(messages.get(1)).containsEntry("role", "assistant").containsKey("tool_calls");
		assertThat(messages.get(2)).containsEntry("role", "tool");
		assertThat((String) messages.get(2).get("content")).contains("\"city\":\"Jakarta\"", "31");
		assertThat(messages.get(2).get("tool_call_id")).isNotNull();
	}

	@Test
	void invalidArgumentsAreAnsweredWithAnErrorTheModelCanCorrect() {
		this.server.enqueue(FakeResponse.toolCallCompletion("get_weather", "{\"city\":"));
		this.server.enqueue(FakeResponse.chatCompletion("Maaf."));
		StepVerifier.create(this.client.chat().createWithTools(this.request, List.of(this.weather), 5).then())
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.calls).isEmpty();
		this.server.takeRequest(Duration.ofSeconds(5));
		List<Map<String, Object>> messages = messages(this.server.takeRequest(Duration.ofSeconds(5)));
		assertThat((String) messages.get(2).get("content")).contains("invalid arguments for get_weather");
	}

	@Test
	void stopsAfterMaxStepsWithATypedError() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(FakeResponse.toolCallCompletion("get_weather", "{\"city\":\"Bandung\"}"));
		}
		StepVerifier.create(this.client.chat().createWithTools(this.request, List.of(this.weather), 2))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreToolLoopException.class)
				.hasMessageContaining("after 2 requests"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.calls).hasSize(1);
	}

	@Test
	void unknownFunctionFailsWithItsName() {
		this.server.enqueue(FakeResponse.toolCallCompletion("book_flight", "{}"));
		StepVerifier.create(this.client.chat().createWithTools(this.request, List.of(this.weather), 5))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreToolLoopException.class)
				.hasMessageContaining("book_flight")
				.hasMessageContaining("get_weather"))
			.verify(Duration.ofSeconds(10));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> firstTool(RecordedRequest request) {
		return ((List<Map<String, Object>>) request.jsonBody().get("tools")).get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> messages(RecordedRequest request) {
		return (List<Map<String, Object>>) request.jsonBody().get("messages");
	}

	record WeatherQuery(String city) {
	}

	record Weather(String city, int celsius) {
	}

}
