package com.epithre.client.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionAccumulator;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamEventTooLargeException;
import com.epithre.client.error.EpithreStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of the stream path: random garbage, random frames and very long lines, cut into random reads, through
 * {@link SseEvents} ({@link SseFramer} and the JSON codec) and {@link ChatCompletionAccumulator}. Every run must end, in events or a
 * typed error, never in a hang (each is bounded by a StepVerifier timeout) or an untyped exception; memory stays
 * within the maximum event size; every network buffer is released exactly once; and how the bytes were split never
 * changes the outcome. Each case is named by its seed: rerun one with {@code -Dtest='SseStreamFuzzTests#...'} and the
 * seed shown in the report. {@code -Depithre.fuzz.seeds=N} runs N seeds per property instead of the default.
 */
class SseStreamFuzzTests {

	private static final Duration VERIFY = Duration.ofSeconds(10);

	private static final int SEEDS = Integer.getInteger("epithre.fuzz.seeds", 150);

	private static final String OPERATION = "POST /chat/completions (stream)";

	private static final JsonReader JSON = JsonReader.from(ExchangeStrategies.withDefaults());

	private static final String TEXT_ALPHABET = "abc xyz 012 \"\\/{}[]:,\t\u00e9\u0416\u6f22\ud83c\uddee\ud83c\udde9";

	static LongStream seeds() {
		return LongStream.rangeClosed(1, SEEDS).map((i) -> i * 104_729L + 17);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void randomBytesInRandomReadsEndInTheSameEventsOrTheSizeError(long seed) {
		Random random = new Random(seed);
		byte[] body = garbage(random);
		int max = 16 + random.nextInt(2048);
		Outcome whole = decode(List.of(body), max);
		Outcome split = decode(split(body, random), max);
		assertThat(split).as("seed %d: split reads decode like one read", seed).isEqualTo(whole);
		assertThat(whole.events()).as("seed %d: no event over the limit", seed)
			.allSatisfy((event) -> assertThat(event.length()).isLessThanOrEqualTo(max));
		assertThat(whole.error()).as("seed %d", seed).isIn(null, DataBufferLimitException.class.getName());
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void randomGarbageReleasesEveryBufferExactlyOnce(long seed) {
		Random random = new Random(seed);
		byte[] body = garbage(random);
		int max = 16 + random.nextInt(512);
		SharedParent reads = new SharedParent(body, split(body, random));
		Throwable error = terminal(frames(reads.flux(), max));
		if (error != null) {
			assertThat(error).as("seed %d", seed).isInstanceOf(DataBufferLimitException.class);
		}
		assertThat(reads.parent.refCnt()).as("seed %d: only the test's own reference is left", seed).isEqualTo(1);
		reads.parent.release();
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void randomFramesEndInTheChunksBeforeTheFirstFaultThenItsTypedError(long seed) {
		Random random = new Random(seed);
		int max = 512 + random.nextInt(4096);
		Script script = Script.random(random, max);
		for (List<byte[]> reads : List.of(List.of(script.body()), split(script.body(), random))) {
			List<String> texts = new ArrayList<>();
			Throwable error = terminal(events(reads, max).map(ChatCompletionChunk::text).doOnNext(texts::add));
			assertThat(texts).as("seed %d, script %s", seed, script).containsExactlyElementsOf(script.texts());
			if (script.fault() == null) {
				assertThat(error).as("seed %d, script %s", seed, script).isNull();
			}
			else {
				assertThat(error).as("seed %d, script %s", seed, script).isExactlyInstanceOf(script.fault());
			}
		}
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void randomBytesThroughTheReaderEndInChunksOrATypedError(long seed) {
		Random random = new Random(seed);
		byte[] body = garbage(random);
		Throwable error = terminal(events(split(body, random), 64 + random.nextInt(1024)));
		if (error != null) {
			assertThat(error).as("seed %d", seed).isInstanceOf(EpithreException.class);
		}
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void randomChunkJsonThroughReaderAndAccumulatorEndsInAnAnswerOrATypedError(long seed) {
		Random random = new Random(seed);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int frames = 1 + random.nextInt(10);
		for (int i = 0; i < frames; i++) {
			body.writeBytes(("data: " + RandomChunks.mangledJson(random) + "\n\n").getBytes(StandardCharsets.UTF_8));
		}
		if (random.nextBoolean()) {
			body.writeBytes(bytes("data: [DONE]\n\n"));
		}
		List<byte[]> reads = split(body.toByteArray(), random);
		Throwable error = terminal(ChatCompletionAccumulator.accumulate(events(reads, 1 << 16)));
		if (error != null) {
			assertThat(error).as("seed %d, body %s", seed, new String(body.toByteArray(), StandardCharsets.UTF_8))
				.isInstanceOf(EpithreException.class);
		}
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void streamedChunksAccumulateToExactlyWhatWasSent(long seed) {
		Random random = new Random(seed);
		List<ChatCompletionChunk> sent = RandomChunks.chunks(random);
		ChatCompletionAccumulator direct = new ChatCompletionAccumulator();
		sent.forEach(direct::accept);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (ChatCompletionChunk chunk : sent) {
			body.writeBytes(RandomChunks.frame(chunk, random));
		}
		body.writeBytes(bytes("data: [DONE]\n\n"));
		AtomicReference<ChatCompletion> streamed = new AtomicReference<>();
		StepVerifier.create(ChatCompletionAccumulator.accumulate(events(split(body.toByteArray(), random), 1 << 20)))
			.consumeNextWith(streamed::set)
			.expectComplete()
			.verify(VERIFY);
		assertThat(streamed.get()).as("seed %d: streamed then accumulated", seed).isEqualTo(direct.toCompletion());
		assertThat(streamed.get().choices()).as("seed %d", seed).allSatisfy((choice) -> {
			assertThat(choice.message().content() != null ? choice.message().content().text() : null)
				.as("seed %d, text of choice %d", seed, choice.index())
				.isEqualTo(RandomChunks.expectedText(sent, choice.index()));
			assertThat(choice.message().toolCalls() != null ? choice.message().toolCalls().stream()
				.map((call) -> call.function().arguments()).toList() : List.of())
				.as("seed %d, tool arguments of choice %d", seed, choice.index())
				.isEqualTo(RandomChunks.expectedArguments(sent, choice.index()));
		});
	}

	@Test
	void endlessLineStopsAfterTheLimitAndOneRead() {
		int max = 1 << 20;
		int read = 64 * 1024;
		AtomicInteger reads = new AtomicInteger();
		byte[] z = new byte[read];
		Arrays.fill(z, (byte) 'z');
		Flux<DataBuffer> endless = Flux.<DataBuffer>generate((sink) -> {
			reads.incrementAndGet();
			sink.next(DefaultDataBufferFactory.sharedInstance.wrap(z.clone()));
		}).hide();
		Flux<DataBuffer> start = Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes("data: ")));
		StepVerifier.create(frames(Flux.concat(start, endless), max))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(DataBufferLimitException.class)
				.hasMessageContaining(String.valueOf(max)))
			.verify(VERIFY);
		assertThat(reads.get()).as("reads consumed before the cut").isLessThanOrEqualTo(max / read + 2);
	}

	@Test
	void endlessDataLinesStopAfterTheLimit() {
		int max = 1 << 20;
		AtomicInteger reads = new AtomicInteger();
		byte[] lines = "data: 0123456789abcdef0123456789abcdef\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
		// hide(): a network body is not a synchronously fused queue (clearing an endless fused queue never ends)
		Flux<DataBuffer> endless = Flux.<DataBuffer>generate((sink) -> {
			reads.incrementAndGet();
			sink.next(DefaultDataBufferFactory.sharedInstance.wrap(lines.clone()));
		}).hide();
		StepVerifier.create(frames(endless, max)).expectError(DataBufferLimitException.class).verify(VERIFY);
		// each line keeps its 32-byte value and a joining LF: the read that pushed the data over the limit was the last
		long keptPerRead = 1000L * 33;
		assertThat((reads.get() - 1) * keptPerRead).isLessThanOrEqualTo(max);
		assertThat(reads.get() * keptPerRead).isGreaterThan(max);
	}

	@Test
	void eventExactlyAtTheLimitPassesAndOneByteMoreFailsHoweverItIsSplit() {
		int max = 1000;
		String fits = "data: " + "a".repeat(max - 6) + "\n\n";
		String over = "data: " + "a".repeat(max - 5) + "\n\n";
		for (int cut = 0; cut <= fits.length(); cut += 7) {
			assertThat(decode(List.of(bytes(fits, 0, cut), bytes(fits, cut, fits.length())), max).error())
				.as("cut %d", cut).isNull();
			assertThat(decode(List.of(bytes(over, 0, cut), bytes(over, cut, over.length())), max).error())
				.as("cut %d", cut).isEqualTo(DataBufferLimitException.class.getName());
		}
		assertThat(decode(List.of(fits.getBytes(StandardCharsets.UTF_8)), max).events())
			.containsExactly("a".repeat(max - 6));
	}

	@Test
	void multiLineDataCountsTowardsTheLimitAndEndsAtEachBlankLine() {
		int max = 100;
		String event = "data: 0123456789\n".repeat(5) + "\n";
		Outcome many = decode(List.of(event.repeat(50).getBytes(StandardCharsets.UTF_8)), max);
		assertThat(many.error()).isNull();
		assertThat(many.events()).hasSize(50);
		Outcome oneBig = decode(List.of(bytes("data: 0123456789\n".repeat(20) + "\n")), max);
		assertThat(oneBig.error()).isEqualTo(DataBufferLimitException.class.getName());
	}

	@Test
	void oversizedEventReachesTheCallerTypedWithTheLimit() {
		CallState state = new CallState(OPERATION, new CallTrace(), null);
		byte[] body = ("data: {\"choices\":[]}\n\ndata: " + "x".repeat(5000) + "\n\n").getBytes(StandardCharsets.UTF_8);
		StepVerifier.create(new SseEvents(4096).decode(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)),
				ChatCompletionChunk.class, state, JSON, "esk_test_012"))
			.expectNextCount(1)
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(EpithreStreamEventTooLargeException.class)
					.hasMessageContaining("4096 bytes")
					.hasMessageContaining("epithre.stream.max-event-size")
					.hasMessageContaining(OPERATION);
				assertThat(((EpithreStreamEventTooLargeException) error).getMaxEventSize()).isEqualTo(4096);
			})
			.verify(VERIFY);
	}

	private static Flux<ChatCompletionChunk> events(List<byte[]> reads, int max) {
		CallState state = new CallState(OPERATION, new CallTrace(), null);
		return new SseEvents(max)
			.decode(Flux.fromIterable(reads).map(DefaultDataBufferFactory.sharedInstance::wrap),
					ChatCompletionChunk.class, state, JSON, "esk_test_012")
			.filter((event) -> event != SseEvents.DONE)
			.cast(ChatCompletionChunk.class);
	}

	private static Outcome decode(List<byte[]> reads, int max) {
		List<String> events = new ArrayList<>();
		Throwable error = terminal(
				frames(Flux.fromIterable(reads).map(DefaultDataBufferFactory.sharedInstance::wrap), max)
					.doOnNext(events::add));
		return new Outcome(List.copyOf(events), (error != null) ? error.getClass().getName() : null);
	}

	/** The data of each event, as {@link SseEvents} frames them (Latin-1, so any byte survives). */
	static Flux<String> frames(Flux<DataBuffer> body, int max) {
		return new SseEvents(max).frames(body)
			.map((event) -> new String(event.data(), StandardCharsets.ISO_8859_1));
	}

	/**
	 * Run a publisher to its end within the timeout and return its error, or {@code null} when it completed.
	 */
	private static @Nullable Throwable terminal(Publisher<?> publisher) {
		AtomicReference<Throwable> error = new AtomicReference<>();
		StepVerifier.create(Flux.from(publisher).then().onErrorResume((ex) -> {
			error.set(ex);
			return Mono.empty();
		})).expectComplete().verify(VERIFY);
		return error.get();
	}

	/**
	 * Bytes biased towards what trips a line parser: line ends of every kind, field names, colons, spaces, NULs,
	 * invalid UTF-8, and now and then a line far longer than the limit.
	 */
	static byte[] garbage(Random random) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String[] tokens = { "data:", "data: ", "data", ":", " ", "\n", "\r", "\r\n", "\n\n", "event: x", "id: 1",
				"retry: 5", "[DONE]", "{\"error\":{\"code\":\"backend_error\"}}", "{\"choices\":[]}", "{", "}", "\"",
				"\u0000", "\u00ff" };
		int pieces = 1 + random.nextInt(200);
		for (int i = 0; i < pieces; i++) {
			int kind = random.nextInt(10);
			if (kind < 6) {
				out.writeBytes(tokens[random.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8));
			}
			else if (kind < 9) {
				byte[] noise = new byte[random.nextInt(32)];
				random.nextBytes(noise);
				out.writeBytes(noise);
			}
			else {
				out.writeBytes("q".repeat(random.nextInt(6000)).getBytes(StandardCharsets.UTF_8));
			}
		}
		return out.toByteArray();
	}

	static List<byte[]> split(byte[] body, Random random) {
		List<byte[]> reads = new ArrayList<>();
		int position = 0;
		int largest = 1 + random.nextInt(random.nextBoolean() ? 8 : 512);
		while (position < body.length) {
			int length = Math.min(body.length - position, 1 + random.nextInt(largest));
			reads.add(Arrays.copyOfRange(body, position, position + length));
			position += length;
		}
		if (reads.isEmpty() || random.nextInt(4) == 0) {
			reads.add(random.nextInt(reads.size() + 1), new byte[0]);
		}
		return reads;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String text, int from, int to) {
		return text.substring(from, to).getBytes(StandardCharsets.UTF_8);
	}

	static String text(Random random, int maxLength) {
		int length = random.nextInt(maxLength + 1);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			int index = TEXT_ALPHABET.offsetByCodePoints(0,
					random.nextInt(TEXT_ALPHABET.codePointCount(0, TEXT_ALPHABET.length())));
			text.appendCodePoint(TEXT_ALPHABET.codePointAt(index));
		}
		return text.toString();
	}

	/**
	 * What decoding produced: the events (bytes as Latin-1, so any byte survives) and the error class, if any.
	 */
	record Outcome(List<String> events, @Nullable String error) {
	}

	/**
	 * Reads sliced from one reference-counted buffer, as Netty's HTTP decoder hands them out: a double release would
	 * free the parent early and a leak would keep it alive, so the parent's count tells both apart.
	 */
	static final class SharedParent {

		final ByteBuf parent;

		private final List<int[]> slices = new ArrayList<>();

		SharedParent(byte[] body, List<byte[]> reads) {
			this.parent = Unpooled.buffer(Math.max(1, body.length));
			this.parent.writeBytes(body);
			int offset = 0;
			for (byte[] read : reads) {
				this.slices.add(new int[] { offset, read.length });
				offset += read.length;
			}
		}

		Flux<DataBuffer> flux() {
			NettyDataBufferFactory factory = new NettyDataBufferFactory(this.parent.alloc());
			return Flux.fromIterable(this.slices)
				.map((slice) -> (DataBuffer) factory.wrap(this.parent.retainedSlice(slice[0], slice[1])))
				.doOnDiscard(DataBuffer.class, DataBufferUtils::release);
		}

	}

	/**
	 * A random stream of frames and the outcome it must have: the texts of the chunks before the first fault, then
	 * that fault's exception, or completion at {@code [DONE]}.
	 */
	record Script(byte[] body, List<String> texts, @Nullable Class<? extends Throwable> fault, String description) {

		static Script random(Random random, int max) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			List<String> texts = new ArrayList<>();
			List<String> frames = new ArrayList<>();
			Class<? extends Throwable> fault = null;
			boolean ended = false;
			int count = random.nextInt(12);
			for (int i = 0; i < count; i++) {
				int kind = random.nextInt(20);
				// one line-end style per frame: "\r" then "\n" would read as a single CRLF, not a blank line
				String end = lineEnd(random);
				String frame;
				Class<? extends Throwable> outcome = null;
				String delivered = null;
				if (kind < 13) {
					delivered = text(random, 12);
					frame = "data: " + RandomChunks.json(delivered) + end + end;
				}
				else if (kind < 15) {
					frame = ": keep-alive " + text(random, 8).replace('\n', ' ').replace('\r', ' ') + end;
				}
				else if (kind == 15) {
					frame = "data: {\"choices\":[{" + end + end;
					outcome = EpithreStreamException.class;
				}
				else if (kind == 16) {
					frame = "data: {\"error\":{\"message\":\"m\",\"type\":\"backend_error\","
							+ "\"code\":\"backend_error\"}}" + end + end;
					outcome = EpithreStreamErrorEventException.class;
				}
				else if (kind == 17) {
					frame = "data: " + RandomChunks.json("y".repeat(max)) + end + end;
					outcome = EpithreStreamEventTooLargeException.class;
				}
				else {
					frame = "data: [DONE]" + end + end;
					ended = true;
				}
				body.writeBytes(frame.getBytes(StandardCharsets.UTF_8));
				frames.add(frame.length() > 60 ? frame.substring(0, 60) + "..." : frame);
				if (fault == null && !ended) {
					if (outcome != null) {
						fault = outcome;
					}
					else if (delivered != null) {
						texts.add(delivered);
					}
				}
				if (ended) {
					break;
				}
			}
			if (fault == null && !ended) {
				fault = EpithreStreamException.class; // no [DONE]: truncated
			}
			return new Script(body.toByteArray(), List.copyOf(texts), fault, frames.toString());
		}

		private static String lineEnd(Random random) {
			return switch (random.nextInt(3)) {
				case 0 -> "\n";
				case 1 -> "\r\n";
				default -> "\r";
			};
		}

		@Override
		public String toString() {
			return this.description;
		}

	}

}
