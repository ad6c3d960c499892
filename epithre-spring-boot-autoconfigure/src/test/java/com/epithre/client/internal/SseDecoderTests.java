package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

class SseDecoderTests {

	private static final String STREAM = """
			: keep-alive\r
			data: {"id":"chatcmpl-abc","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\r
			\r
			event: message\r
			id: 7\r
			retry: 1000\r
			data: {"id":"chatcmpl-abc","choices":[{"index":0,"delta":{"content":"Jakarta "}}]}\r
			\r
			data: first line\r
			data:second line\r
			data\r
			\r
			data: {"id":"chatcmpl-abc","choices":[{"index":0,"delta":{"content":"ibu kota 🇮🇩"}}]}\n\
			\n\
			data: {"id":"chatcmpl-abc","choices":[],"usage":{"prompt_tokens":18}}\r\
			\r\
			data: [DONE]\r
			\r
			""";

	private static final List<String> EXPECTED = List.of(
			"{\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
			"{\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Jakarta \"}}]}",
			"first line\nsecond line\n",
			"{\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ibu kota 🇮🇩\"}}]}",
			"{\"id\":\"chatcmpl-abc\",\"choices\":[],\"usage\":{\"prompt_tokens\":18}}", "[DONE]");

	@Test
	void decodesCrlfCrAndLfCommentsAndMultiLineData() {
		assertThat(decodeInOneRead(STREAM)).containsExactlyElementsOf(EXPECTED);
	}

	@Test
	void sameStreamCutAtEveryByteBoundaryDecodesIdentically() {
		byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
		for (int cut = 0; cut <= bytes.length; cut++) {
			List<String> events = new ArrayList<>();
			SseDecoder decoder = new SseDecoder();
			decoder.feed(bytes, 0, cut, (event) -> events.add(utf8(event)));
			decoder.feed(bytes, cut, bytes.length - cut, (event) -> events.add(utf8(event)));
			decoder.finish((event) -> events.add(utf8(event)));
			assertThat(events).as("cut at byte %d", cut).containsExactlyElementsOf(EXPECTED);
		}
	}

	@Test
	void aReadOverwrittenOnceFedLeavesTheEventsIntact() {
		// a network buffer is reused after each read: an event that outlives its read must not point into it
		byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
		byte[] read = new byte[bytes.length];
		for (int cut = 0; cut <= bytes.length; cut++) {
			List<String> events = new ArrayList<>();
			SseDecoder decoder = new SseDecoder();
			System.arraycopy(bytes, 0, read, 0, cut);
			decoder.feed(read, 0, cut, (event) -> events.add(utf8(event)));
			Arrays.fill(read, (byte) '#');
			System.arraycopy(bytes, cut, read, 0, bytes.length - cut);
			decoder.feed(read, 0, bytes.length - cut, (event) -> events.add(utf8(event)));
			Arrays.fill(read, (byte) '#');
			decoder.finish((event) -> events.add(utf8(event)));
			assertThat(events).as("cut at byte %d", cut).containsExactlyElementsOf(EXPECTED);
		}
	}

	@Test
	void anEventWholeInItsReadIsHandedOnWhereItLies() {
		byte[] read = "data: one\n\ndata: two\n".getBytes(StandardCharsets.UTF_8);
		List<String> inPlace = new ArrayList<>();
		SseDecoder decoder = new SseDecoder();
		decoder.feedInPlace(read, 0, read.length, (data, offset, length) -> {
			assertThat(data).isSameAs(read);
			inPlace.add(new String(data, offset, length, StandardCharsets.UTF_8));
		});
		assertThat(inPlace).containsExactly("one");
		List<String> rest = new ArrayList<>();
		decoder.finishInPlace((data, offset, length) -> {
			assertThat(data).isNotSameAs(read);
			rest.add(new String(data, offset, length, StandardCharsets.UTF_8));
		});
		assertThat(rest).containsExactly("two");
	}

	@Test
	void aDecoderFedFromInsideAnotherOnesSinkOnTheSameThreadKeepsItsOwnBytes() {
		// both decoders copy their buffers into the thread's scratch array; the inner one must not overwrite the
		// read the outer one is still decoding
		List<String> outer = new ArrayList<>();
		List<String> inner = new ArrayList<>();
		SseDecoder innerDecoder = new SseDecoder();
		SseDecoder outerDecoder = new SseDecoder();
		new SseDecoder().feedInPlace(buffer("data: warm-up\n\n"), (data, offset, length) -> {
		}); // the thread has its scratch array now
		outerDecoder.feedInPlace(buffer("data: a1\n\ndata: a2\n\n"), (data, offset, length) -> {
			outer.add(new String(data, offset, length, StandardCharsets.UTF_8));
			innerDecoder.feedInPlace(buffer("data: bbbbbbbbbbbbbbbbbbbb\n\n"),
					(innerData, innerOffset, innerLength) -> inner
						.add(new String(innerData, innerOffset, innerLength, StandardCharsets.UTF_8)));
		});
		assertThat(outer).containsExactly("a1", "a2");
		assertThat(inner).containsExactly("bbbbbbbbbbbbbbbbbbbb", "bbbbbbbbbbbbbbbbbbbb");
	}

	@ParameterizedTest
	@ValueSource(longs = { 1L, 42L, 20260525L, 777L, 31337L })
	void randomSplitsIntoManyReadsDecodeIdentically(long seed) {
		byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
		Random random = new Random(seed);
		List<String> events = new ArrayList<>();
		SseDecoder decoder = new SseDecoder();
		int position = 0;
		while (position < bytes.length) {
			int length = Math.min(bytes.length - position, 1 + random.nextInt(7));
			decoder.feed(bytes, position, length, (event) -> events.add(utf8(event)));
			position += length;
		}
		decoder.finish((event) -> events.add(utf8(event)));
		assertThat(events).as("seed %d", seed).containsExactlyElementsOf(EXPECTED);
	}

	@Test
	void eventWithoutTrailingBlankLineIsEmittedAtEndOfBody() {
		assertThat(decodeInOneRead("data: a\n\ndata: [DONE]")).containsExactly("a", "[DONE]");
	}

	@Test
	void commentsAndUnknownFieldsAloneProduceNoEvent() {
		assertThat(decodeInOneRead(": ping\n\nevent: x\n\n:\n\n")).isEmpty();
	}

	@Test
	void onlyOneLeadingSpaceOfTheValueIsRemoved() {
		assertThat(decodeInOneRead("data:  two spaces\n\n")).containsExactly(" two spaces");
	}

	@Test
	void longEventsGrowTheBuffers() {
		String payload = "x".repeat(100_000);
		assertThat(decodeInOneRead("data: " + payload + "\n\n")).containsExactly(payload);
	}

	@Test
	void fluxDecodingReleasesEveryBuffer() {
		byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
		List<DataBuffer> buffers = new ArrayList<>();
		for (int i = 0; i < bytes.length; i += 10) {
			DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.allocateBuffer(10);
			buffer.write(bytes, i, Math.min(10, bytes.length - i));
			buffers.add(buffer);
		}
		TrackingBuffers tracking = new TrackingBuffers(buffers);
		StepVerifier.create(SseDecoder.decode(Flux.fromIterable(tracking.wrapped())).map(SseDecoderTests::utf8))
			.expectNextSequence(EXPECTED)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(tracking.released()).isEqualTo(buffers.size());
	}

	private static List<String> decodeInOneRead(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		List<String> events = new ArrayList<>();
		SseDecoder decoder = new SseDecoder();
		decoder.feed(bytes, 0, bytes.length, (event) -> events.add(utf8(event)));
		decoder.finish((event) -> events.add(utf8(event)));
		return events;
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
