package com.epithre.ai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

import com.epithre.client.EpithreClient;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.observation.DefaultEpithreObservationConvention;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.RecordedRequest;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EpithreChatModelIntegrationTests {

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final EpithreChatModel chatModel = AiTestSupport.chatModel(this.server);

	private final ChatClient chatClient = ChatClient.builder(this.chatModel).build();

	@Test
	void streamedAnswerArrivesInSeveralChunks() {
		this.server.enqueue(FakeResponse.chatStream("Satu dua tiga empat lima."));
		List<String> pieces = this.chatClient.prompt()
			.user("Hitung sampai lima")
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(pieces).hasSizeGreaterThanOrEqualTo(3);
		assertThat(String.join("", pieces)).isEqualTo("Satu dua tiga empat lima.");
		RecordedRequest request = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(request.jsonBody()).containsEntry("model", "epithre-omni").containsEntry("stream", true);
		assertThat(messages(request)).singleElement().satisfies((message) -> assertThat(message)
			.containsEntry("role", "user")
			.containsEntry("content", "Hitung sampai lima"));
	}

	@Test
	void cancellingTheStreamClosesTheConnectionAndReleasesThePermit() {
		EpithreClient client = AiTestSupport.client(this.server);
		ChatClient cancelled = ChatClient.create(EpithreChatModel.builder(client).build());
		this.server.streamChunkDelay(Duration.ofMillis(50))
			.defaultReply("satu dua tiga empat lima enam tujuh delapan sembilan sepuluh");
		StepVerifier.create(cancelled.prompt().user("Hitung").stream().content(), 1)
			.expectNextCount(1)
			.thenCancel()
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
		assertThat(client.concurrencyLimiter().getInFlight()).isZero();
	}

	@Test
	void streamEndsWithTheUsageAndFinishReason() {
		this.server.enqueue(FakeResponse.chatStream("Satu dua tiga."));
		List<ChatResponse> responses = this.chatModel.stream(new Prompt("Hitung"))
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(responses).isNotEmpty();
		assertThat(responses).anySatisfy((response) -> assertThat(response.getResult().getMetadata().getFinishReason())
			.isEqualTo("STOP"));
		ChatResponse last = responses.get(responses.size() - 1);
		assertThat(last.getMetadata().getUsage().getTotalTokens()).isPositive();
	}

	@Test
	void callMapsOptionsTextUsageAndFinishReason() {
		this.server.enqueue(FakeResponse.chatCompletion("Jakarta."));
		ChatResponse response = this.chatClient.prompt()
			.system("Jawab singkat.")
			.user("Ibu kota Indonesia?")
			.options(EpithreChatOptions.builder().model("epithre-lyt").temperature(0.2).maxTokens(64).seed(7L))
			.call()
			.chatResponse();
		assertThat(response.getResult().getOutput().getText()).isEqualTo("Jakarta.");
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isPositive();
		assertThat(response.getMetadata().getUsage().getCompletionTokens()).isPositive();
		Map<String, Object> body = this.server.takeRequest(Duration.ofSeconds(5)).jsonBody();
		assertThat(body).containsEntry("model", "epithre-lyt")
			.containsEntry("temperature", 0.2)
			.containsEntry("max_tokens", 64)
			.containsEntry("seed", 7)
			.doesNotContainKey("stream");
		assertThat((List<?>) body.get("messages")).hasSize(2);
	}

	@Test
	void toolMethodRunsWithTheModelsArgumentsAndTheModelGetsItsResult() {
		WeatherTools tools = new WeatherTools();
		this.server.enqueue(FakeResponse.toolCallCompletion("currentWeather", "{\"city\":\"Jakarta\"}"));
		this.server.enqueue(FakeResponse.chatCompletion("Jakarta cerah, 31 derajat."));
		String answer = this.chatClient.prompt().user("Cuaca di Jakarta?").tools(tools).call().content();
		assertThat(answer).isEqualTo("Jakarta cerah, 31 derajat.");
		assertThat(tools.cities).containsExactly("Jakarta");
		RecordedRequest first = this.server.takeRequest(Duration.ofSeconds(5));
		assertThat(first.jsonBody().get("tools").toString()).contains("currentWeather", "city");
		List<Map<String, Object>> messages = messages(this.server.takeRequest(Duration.ofSeconds(5)));
		assertThat(messages).hasSize(3);
		assertThat(messages.get(1)).containsEntry("role", "assistant").containsKey("tool_calls");
		assertThat(messages.get(2)).containsEntry("role", "tool").containsKey("tool_call_id");
		assertThat((String) messages.get(2).get("content")).contains("31 derajat");
	}

	@Test
	void toolMethodRunsInAStreamToo() {
		WeatherTools tools = new WeatherTools();
		this.server.enqueue(FakeResponse.toolCallStream("currentWeather", "{\"city\":\"Bandung\"}"));
		this.server.enqueue(FakeResponse.chatStream("Bandung sejuk."));
		List<String> pieces = this.chatClient.prompt()
			.user("Cuaca di Bandung?")
			.tools(tools)
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(String.join("", pieces)).isEqualTo("Bandung sejuk.");
		assertThat(tools.cities).containsExactly("Bandung");
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void entityIsReadFromTheAnswer() {
		this.server.enqueue(FakeResponse.chatCompletion("{\"city\":\"Jakarta\",\"celsius\":31}"));
		Weather weather = this.chatClient.prompt().user("Cuaca di Jakarta sebagai JSON").call().entity(Weather.class);
		assertThat(weather).isEqualTo(new Weather("Jakarta", 31));
		List<Map<String, Object>> messages = messages(this.server.takeRequest(Duration.ofSeconds(5)));
		assertThat((String) messages.get(messages.size() - 1).get("content")).contains("celsius");
	}

	@Test
	void rateLimitExceptionReachesTheCallerUnwrapped() {
		this.server.enqueue(FakeResponse.rpdExceeded());
		assertThatExceptionOfType(EpithreRateLimitException.class)
			.isThrownBy(() -> this.chatClient.prompt().user("Halo").call().content());
	}

	@Test
	void rateLimitExceptionEndsAStreamUnwrapped() {
		this.server.enqueue(FakeResponse.rpdExceeded());
		StepVerifier.create(this.chatClient.prompt().user("Halo").stream().content())
			.expectError(EpithreRateLimitException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void eachCallIsObservedOnceByTheClientAndNotByASpringAiModelObservation() {
		List<String> started = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				started.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		EpithreChatModel observed = EpithreChatModel.builder(AiTestSupport.client(this.server, registry)).build();
		ChatClient client = ChatClient.create(observed, registry);
		this.server.enqueue(FakeResponse.chatCompletion("Satu."));
		this.server.enqueue(FakeResponse.chatStream("Dua tiga."));
		assertThat(client.prompt().user("Satu?").call().content()).isEqualTo("Satu.");
		assertThat(client.prompt().user("Dua?").stream().content().collectList().block(Duration.ofSeconds(10)))
			.isNotEmpty();
		assertThat(started.stream().filter((name) -> name.startsWith("gen_ai")).toList())
			.containsExactly(DefaultEpithreObservationConvention.NAME, DefaultEpithreObservationConvention.NAME);
		assertThat(started).contains("spring.ai.chat.client");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> messages(RecordedRequest request) {
		return (List<Map<String, Object>>) request.jsonBody().get("messages");
	}

	record Weather(String city, int celsius) {
	}

	static class WeatherTools {

		final List<String> cities = new CopyOnWriteArrayList<>(new ArrayList<>());

		@Tool(description = "Current weather of a city")
		String currentWeather(@ToolParam(description = "the city") String city) {
			this.cities.add(city);
			return "31 derajat, cerah";
		}

	}

}
