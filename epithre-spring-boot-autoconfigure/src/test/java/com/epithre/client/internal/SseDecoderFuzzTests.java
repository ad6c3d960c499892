package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random SSE bodies, cut into random reads, decoded by {@link SseDecoder} and by Spring's
 * {@link ServerSentEventHttpMessageReader} as the reference: both must find the same event data. The generator keeps
 * to what both read alike (LF and CRLF line ends, no spaces around values, which Spring trims).
 */
class SseDecoderFuzzTests {

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789{}[]\":,._-ÄéЖ漢🇮🇩";

	static List<Long> seeds() {
		List<Long> seeds = new ArrayList<>();
		for (long seed = 1; seed <= 40; seed++) {
			seeds.add(seed * 7919);
		}
		return seeds;
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void decodesRandomStreamsLikeSpringsReader(long seed) {
		Random random = new Random(seed);
		byte[] body = randomBody(random).getBytes(StandardCharsets.UTF_8);
		List<byte[]> reads = split(body, random);
		List<String> ours = SseDecoder.decode(Flux.fromIterable(reads).map(DefaultDataBufferFactory.sharedInstance::wrap))
			.map((data) -> new String(data, StandardCharsets.UTF_8))
			.collectList()
			.block(Duration.ofSeconds(5));
		List<String> spring = springEvents(reads);
		assertThat(spring).as("seed %d: the reference found the events", seed).isNotEmpty();
		assertThat(ours).as("seed %d, body %s", seed, new String(body, StandardCharsets.UTF_8))
			.containsExactlyElementsOf(spring);
	}

	private static String randomBody(Random random) {
		StringBuilder body = new StringBuilder();
		int events = 1 + random.nextInt(20);
		for (int e = 0; e < events; e++) {
			if (random.nextInt(4) == 0) {
				body.append(": keep-alive").append(lineEnd(random));
			}
			if (random.nextInt(5) == 0) {
				body.append("event:message").append(lineEnd(random));
			}
			if (random.nextInt(5) == 0) {
				body.append("id:").append(e).append(lineEnd(random));
			}
			int lines = 1 + random.nextInt(3);
			for (int l = 0; l < lines; l++) {
				body.append(random.nextBoolean() ? "data:" : "data: ").append(word(random)).append(lineEnd(random));
			}
			body.append(lineEnd(random));
		}
		return body.toString();
	}

	private static String word(Random random) {
		int length = 1 + random.nextInt(40);
		StringBuilder word = new StringBuilder();
		for (int i = 0; i < length; i++) {
			int codePoint = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
					random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
			word.appendCodePoint(codePoint);
		}
		return word.toString();
	}

	private static String lineEnd(Random random) {
		return random.nextBoolean() ? "\n" : "\r\n";
	}

	private static List<byte[]> split(byte[] body, Random random) {
		List<byte[]> reads = new ArrayList<>();
		int position = 0;
		while (position < body.length) {
			int length = Math.min(body.length - position, 1 + random.nextInt(64));
			byte[] read = new byte[length];
			System.arraycopy(body, position, read, 0, length);
			reads.add(read);
			position += length;
		}
		return reads;
	}

	@SuppressWarnings("unchecked")
	private static List<String> springEvents(List<byte[]> reads) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.TEXT_EVENT_STREAM);
		ReactiveHttpInputMessage message = new ReactiveHttpInputMessage() {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.fromIterable(reads).map(DefaultDataBufferFactory.sharedInstance::wrap);
			}

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
		ResolvableType type = ResolvableType.forType(new ParameterizedTypeReference<ServerSentEvent<String>>() {
		});
		return new ServerSentEventHttpMessageReader().read(type, message, Map.of())
			.map((event) -> ((ServerSentEvent<String>) event).data())
			.filter(Objects::nonNull)
			.collectList()
			.block(Duration.ofSeconds(5));
	}

}
