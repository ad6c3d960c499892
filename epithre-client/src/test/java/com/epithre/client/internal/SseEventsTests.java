package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.error.EpithreBadRequestException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link SseEvents} frames and reads an event stream: Spring's reader for the framing, the application's JSON
 * codec for each event.
 */
class SseEventsTests {

	private static final Duration VERIFY = Duration.ofSeconds(5);

	private static final String OPERATION = "POST /chat/completions (stream)";

	private static final JsonReader JSON = JsonReader.from(ExchangeStrategies.withDefaults());

	private static final String HELLO = "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"halo\"}}]}";

	@Test
	void oneLeadingByteOrderMarkIsStrippedSoTheFirstEventIsRead() {
		StepVerifier.create(texts("\uFEFFdata: " + HELLO + "\n\ndata: [DONE]\n\n"))
			.expectNext("halo")
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void byteOrderMarkInItsOwnFirstReadIsStrippedToo() {
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		Flux<DataBuffer> body = Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bom),
				buffer("data: " + HELLO + "\n\ndata: [DONE]\n\n"));
		StepVerifier.create(chunks(body, JSON).map(ChatCompletionChunk::text))
			.expectNext("halo")
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void byteOrderMarkSplitOverReadsIsStripped() {
		byte[] body = ("\uFEFFdata: " + HELLO + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
		Flux<DataBuffer> reads = Flux.range(0, body.length)
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[] { body[i] }));
		StepVerifier.create(chunks(reads, JSON).map(ChatCompletionChunk::text))
			.expectNext("halo")
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void loneCarriageReturnsAndCrlfSplitOverReadsEndLines() {
		String body = "data: " + HELLO + "\r\rdata: [DONE]\r\n\r\n";
		int cr = body.indexOf("\r\n");
		Flux<DataBuffer> reads = Flux.just(buffer(body.substring(0, cr + 1)), buffer(body.substring(cr + 1)));
		StepVerifier.create(chunks(reads, JSON).map(ChatCompletionChunk::text))
			.expectNext("halo")
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void fieldsWithoutSpaceOrValueAndUnknownFieldsAreReadAsTheFormatSays() {
		String body = "id: 7\nretry: 10\nfoo\ndata:" + HELLO + "\n\nevent\ndata: [DONE]\n\n";
		StepVerifier.create(texts(body)).expectNext("halo").expectComplete().verify(VERIFY);
	}

	@Test
	void commentsEmptyEventsAndRetryHintsAreSkippedAndMultiLineDataIsJoined() {
		String split = "data: {\"id\":\"c1\",\n" + "data: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"dua\"}}]}\n\n";
		StepVerifier.create(texts(": ping\n\nretry: 100\n\ndata:\n\n" + split + "data: [DONE]\n\n"))
			.expectNext("dua")
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void eventsAfterDoneAreReadButNotDelivered() {
		StepVerifier.create(texts("data: " + HELLO + "\n\ndata: [DONE]\n\ndata: " + HELLO + "\n\ndata: {broken\n\n"))
			.expectNext("halo")
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void bodyWithoutDoneFailsAsTruncated() {
		StepVerifier.create(texts("data: " + HELLO + "\n\n"))
			.expectNext("halo")
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("without data: [DONE]")
				.hasMessageContaining(OPERATION))
			.verify(VERIFY);
	}

	@Test
	void eventCutOffByTheEndOfTheBodyFailsAsTruncated() {
		StepVerifier.create(texts("data: " + HELLO + "\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"l"))
			.expectNext("halo")
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("ended in the middle of an event, without data: [DONE]; the answer is truncated")
				.hasMessageContaining("{\"choices\":[{\"index\":0,\"delta\"")
				.hasMessageContaining(OPERATION))
			.verify(VERIFY);
	}

	@Test
	void doneWithoutItsBlankLineAtTheEndOfTheBodyStillEndsTheStream() {
		StepVerifier.create(texts("data: " + HELLO + "\n\ndata: [DONE]"))
			.expectNext("halo")
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void plainTextErrorEventIsATypedErrorEventWithItsText() {
		StepVerifier.create(texts("data: " + HELLO + "\n\nevent: error\ndata: upstream model crashed\n\n"))
			.expectNext("halo")
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreStreamErrorEventException.class)
					.hasMessageContaining("upstream model crashed");
				assertThat(((EpithreStreamErrorEventException) error).getApiError().getStatusCode()).isEqualTo(500);
			})
			.verify(VERIFY);
	}

	@Test
	void errorEnvelopeInAnErrorEventOrInPlainDataIsTyped() {
		String envelope = "{\"error\":{\"message\":\"bad tool schema\",\"type\":\"invalid_request_error\","
				+ "\"code\":\"invalid_tools\"}}";
		for (String body : List.of("event: error\ndata: " + envelope + "\n\n", "data: " + envelope + "\n\n")) {
			StepVerifier.create(texts(body))
				.expectErrorSatisfies((error) -> {
					assertThat(error).isInstanceOf(EpithreStreamErrorEventException.class)
						.hasMessageContaining("bad tool schema");
					assertThat(((EpithreStreamErrorEventException) error).getApiError())
						.isInstanceOf(EpithreBadRequestException.class);
				})
				.verify(VERIFY);
		}
	}

	@Test
	void contentThatMerelyMentionsErrorIsAnOrdinaryChunk() {
		String chunk = "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\\"error\\\"\"}}]}";
		StepVerifier.create(texts("data: " + chunk + "\n\ndata: [DONE]\n\n"))
			.expectNext("\"error\"")
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void emptyErrorObjectBesideAChunksFieldsIsNoErrorButInAnErrorEventItIs() {
		String chunk = "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Ha\"}}],\"error\":{}}";
		StepVerifier.create(texts("data: " + chunk + "\n\ndata: [DONE]\n\n"))
			.expectNext("Ha")
			.expectComplete()
			.verify(VERIFY);
		StepVerifier.create(texts("event: error\ndata: {\"error\":{}}\n\n"))
			.expectError(EpithreStreamErrorEventException.class)
			.verify(VERIFY);
	}

	@Test
	void unreadableEventFailsTypedWithASnippet() {
		StepVerifier.create(texts("data: {\"choices\":[{\n\n"))
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("unreadable event")
				.hasMessageContaining("{\"choices\":[{"))
			.verify(VERIFY);
	}

	@Test
	void theApplicationsMapperSettingsApplyToEveryChunk() {
		JsonMapper lenient = JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build();
		String shouting = "{\"ID\":\"c1\",\"Choices\":[{\"Index\":0,\"Delta\":{\"Content\":\"keras\"}}]}";
		String body = "data: " + shouting + "\n\ndata: [DONE]\n\n";
		StepVerifier.create(chunks(Flux.just(buffer(body)), json(lenient)).map(ChatCompletionChunk::text))
			.expectNext("keras")
			.expectComplete()
			.verify(VERIFY);
		StepVerifier.create(chunks(Flux.just(buffer(body)), JSON).map(ChatCompletionChunk::text))
			.as("the default mapper ignores the unknown capitalised names")
			.expectNext("")
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void theApplicationsStreamReadConstraintsApplyToEveryChunk() {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64).build())
			.build();
		JsonMapper strict = JsonMapper.builder(factory).build();
		String longText = "x".repeat(100);
		String body = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + longText
				+ "\"}}]}\n\ndata: [DONE]\n\n";
		StepVerifier.create(chunks(Flux.just(buffer(body)), json(strict)))
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("unreadable event")
				.hasRootCauseMessage(rootMessage(error)))
			.verify(VERIFY);
		StepVerifier.create(chunks(Flux.just(buffer(body)), JSON).map(ChatCompletionChunk::text))
			.expectNext(longText)
			.expectComplete()
			.verify(VERIFY);
	}

	private static String rootMessage(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		assertThat(root.getMessage()).contains("String value length").contains("64");
		return root.getMessage();
	}

	private static JsonReader json(JsonMapper mapper) {
		return JsonReader.from(ExchangeStrategies.builder()
			.codecs((codecs) -> codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper)))
			.build());
	}

	private static Flux<String> texts(String body) {
		return chunks(Flux.just(buffer(body)), JSON).map(ChatCompletionChunk::text);
	}

	private static Flux<ChatCompletionChunk> chunks(Flux<DataBuffer> body, JsonReader json) {
		CallState state = new CallState(OPERATION, new CallTrace(), null);
		return new SseEvents(1 << 16)
			.decode(body, ChatCompletionChunk.class, state, json, "esk_test_012")
			.filter((event) -> event != SseEvents.DONE)
			.cast(ChatCompletionChunk.class);
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
