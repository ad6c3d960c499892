package com.epithre.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatChoice;
import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.ChatMessage;
import com.epithre.client.chat.ChatService;
import com.epithre.client.chat.FinishReason;
import com.epithre.client.chat.JsonSchema;
import com.epithre.client.chat.ResponseFormat;
import com.epithre.client.chat.StructuredOutput;
import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.error.EpithreInvalidOutputException;
import com.epithre.client.error.EpithreInvalidResponseException;
import com.epithre.client.error.EpithreOutputTruncatedException;
import com.epithre.test.FakeEpithreServer;
import com.epithre.test.FakeResponse;
import com.epithre.test.junit.FakeEpithreExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class StructuredOutputIntegrationTests {

	static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	@RegisterExtension
	static final FakeEpithreExtension fake = new FakeEpithreExtension();

	private final FakeEpithreServer server = fake.server();

	private final ChatService chat = client(this.server).chat();

	private final JsonReader reader = JsonReader.from(ExchangeStrategies.withDefaults());

	static EpithreClient client(FakeEpithreServer server) {
		EpithreClientSettings settings = EpithreClientSettings.defaults().withBaseUrl(server.baseUrl()).withApiKey(KEY);
		return EpithreClient.builder(WebClient.builder()).settings(settings).build();
	}

	@Test
	@SuppressWarnings("unchecked")
	void schemaFromARecordListsEveryPropertyAsRequiredAndForbidsOthers() {
		ResponseFormat format = StructuredOutput.responseFormat(Invoice.class);
		assertThat(format.type()).isEqualTo("json_schema");
		JsonSchema jsonSchema = format.jsonSchema();
		assertThat(jsonSchema.name()).isEqualTo("Invoice");
		assertThat(jsonSchema.strict()).isTrue();
		Map<String, Object> schema = jsonSchema.schema();
		assertThat(schema).containsEntry("type", "object").containsEntry("additionalProperties", false);
		Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
		assertThat(properties).containsOnlyKeys("number", "customer", "total_idr", "lines");
		assertThat((Map<String, Object>) properties.get("number")).containsEntry("type", "string");
		assertThat((Map<String, Object>) properties.get("total_idr")).containsEntry("type", "integer");
		assertThat((List<Object>) schema.get("required")).containsExactlyInAnyOrder("number", "customer",
				"total_idr", "lines");
		Map<String, Object> lines = (Map<String, Object>) properties.get("lines");
		assertThat(lines).containsEntry("type", "array");
		Map<String, Object> line = (Map<String, Object>) lines.get("items");
		assertThat(line).containsEntry("additionalProperties", false);
		assertThat((List<Object>) line.get("required")).containsExactlyInAnyOrder("item", "quantity");
		assertThat(schema).doesNotContainKey("$schema");
	}

	@Test
	@SuppressWarnings("unchecked")
	void schemaIsSentAsAStrictJsonSchemaResponseFormatAndTheAnswerDecoded() {
		this.server.enqueue(FakeResponse.chatCompletion("{\"number\":\"INV-7\",\"customer\":\"Budi\","
				+ "\"total_idr\":150000,\"lines\":[{\"item\":\"kopi\",\"quantity\":3}]}"));
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-omni")
			.user("Extract the invoice")
			.responseFormat(StructuredOutput.responseFormat("invoice", Invoice.class))
			.build();
		Invoice expected = new Invoice("INV-7", "Budi", 150000, List.of(new Line("kopi", 3)));
		StepVerifier.create(this.chat.create(request).map((answer) -> StructuredOutputDecoder.decode(answer,
				Invoice.class, this.reader)))
			.expectNext(expected)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		Map<String, Object> body = this.server.takeRequest(Duration.ofSeconds(5)).jsonBody();
		Map<String, Object> responseFormat = (Map<String, Object>) body.get("response_format");
		assertThat(responseFormat).containsEntry("type", "json_schema");
		Map<String, Object> jsonSchema = (Map<String, Object>) responseFormat.get("json_schema");
		assertThat(jsonSchema).containsEntry("name", "invoice").containsEntry("strict", true);
		assertThat((Map<String, Object>) jsonSchema.get("schema")).containsEntry("type", "object");
	}

	@Test
	@SuppressWarnings("unchecked")
	void createStructuredGeneratesTheSchemaAndDecodesTheAnswer() {
		this.server.enqueue(FakeResponse.chatCompletion("{\"number\":\"INV-8\",\"customer\":\"Sari\","
				+ "\"total_idr\":5000,\"lines\":[]}"));
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-omni").user("Extract").build();
		StepVerifier.create(this.chat.createStructured(request, Invoice.class))
			.expectNext(new Invoice("INV-8", "Sari", 5000, List.of()))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		Map<String, Object> body = this.server.takeRequest(Duration.ofSeconds(5)).jsonBody();
		assertThat((Map<String, Object>) body.get("response_format")).containsEntry("type", "json_schema");
	}

	@Test
	void decodingWithTheApplicationsMapperGivesTheSameValue() {
		ChatCompletion answer = completion("{\"item\":\"teh\",\"quantity\":2}", FinishReason.STOP);
		assertThat(StructuredOutputDecoder.decode(answer, Line.class, JsonMapper.builder().build()))
			.isEqualTo(new Line("teh", 2));
	}

	@Test
	void finishReasonLengthIsReportedAsRunningOutOfTokens() {
		this.server.enqueue(FakeResponse.json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
				+ "\"model\":\"epithre-omni\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
				+ "\"content\":\"{\\\"number\\\":\\\"INV\"},\"finish_reason\":\"length\"}]}"));
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-omni")
			.user("Extract the invoice")
			.responseFormat(StructuredOutput.responseFormat(Invoice.class))
			.build();
		StepVerifier.create(this.chat.create(request).map((answer) -> StructuredOutputDecoder.decode(answer,
				Invoice.class, this.reader)))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(EpithreOutputTruncatedException.class)
					.hasMessageContaining("ran out of tokens")
					.hasMessageContaining("max_tokens")
					.hasMessageContaining("docs/epithre-api.md, structured output");
				assertThat(((EpithreOutputTruncatedException) ex).getContent()).isEqualTo("{\"number\":\"INV");
				assertThat(ex.getCause()).isNull();
			})
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void invalidJsonIsReportedWithASnippetOfTheAnswer() {
		this.server.enqueue(FakeResponse.chatCompletion("Sure! Here is the invoice: {number: INV-7}"));
		ChatCompletionRequest request = ChatCompletionRequest.builder("epithre-omni").user("Extract").build();
		StepVerifier.create(this.chat.create(request).map((answer) -> StructuredOutputDecoder.decode(answer,
				Invoice.class, this.reader)))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(EpithreInvalidOutputException.class)
					.isInstanceOf(EpithreInvalidResponseException.class)
					.hasMessageContaining("not valid JSON for Invoice")
					.hasMessageContaining("Sure! Here is the invoice: {number: INV-7}");
				assertThat(ex.getCause()).isNotNull();
			})
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void longInvalidAnswersAreCutInTheMessageButKeptWhole() {
		String text = "x".repeat(500);
		assertThat(catchThrowableOfType(EpithreInvalidOutputException.class,
				() -> StructuredOutputDecoder.decode(completion(text, FinishReason.STOP), Line.class, this.reader)))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("x".repeat(200) + "...").doesNotContain("x".repeat(201));
				assertThat(ex.getContent()).isEqualTo(text);
			});
	}

	@Test
	void schemaNamesAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> StructuredOutput.responseFormat("bad name", Line.class))
			.withMessageContaining("1-64 letters");
	}

	private static ChatCompletion completion(String text, String finishReason) {
		return new ChatCompletion("chatcmpl-x", "chat.completion", null, "epithre-omni",
				List.of(new ChatChoice(0, ChatMessage.assistant(text), finishReason)), null);
	}

	record Invoice(String number, String customer, @JsonProperty("total_idr") long totalIdr, List<Line> lines) {
	}

	record Line(String item, int quantity) {
	}

}
