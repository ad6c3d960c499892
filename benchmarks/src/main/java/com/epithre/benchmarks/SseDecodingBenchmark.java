package com.epithre.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageReader;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.internal.ChatChunkParser;
import com.epithre.client.internal.JsonReader;
import com.epithre.client.internal.SseDecoder;

/**
 * CPU cost of turning one streamed chat answer (the network buffers of an SSE body) into typed chunks: the client's
 * own decoder ({@link SseDecoder} straight from the buffers, one cached Jackson {@code ObjectReader} per chunk)
 * against Spring's {@code ServerSentEventHttpMessageReader} ({@code bodyToFlux(ServerSentEvent<String>)}) plus one
 * Jackson parse per chunk, with a floor that only finds the line ends. All three read the same buffers in one JVM,
 * so compare their ratios, not absolute times.
 *
 * <p>
 * Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:exec -Dexec.executable=java
 * -Dexec.args="-cp %classpath org.openjdk.jmh.Main SseDecodingBenchmark"}.
 *
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SseDecodingBenchmark {

	private static final ResolvableType SSE_STRING = ResolvableType
		.forType(new ParameterizedTypeReference<ServerSentEvent<String>>() {
		});

	/** Tokens in the streamed answer. */
	@Param({ "200" })
	public int tokens;

	/** Bytes per network read. */
	@Param({ "64", "1400" })
	public int readSize;

	private List<byte[]> reads;

	private JsonReader jsonReader;

	private JsonMapper mapper;

	private ServerSentEventHttpMessageReader springReader;

	@Setup
	public void setUp() {
		StringBuilder body = new StringBuilder();
		body.append("data: {\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
				+ "\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
		for (int i = 0; i < this.tokens; i++) {
			body.append("data: {\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" kata")
				.append(i)
				.append("\"}}]}\n\n");
		}
		body.append("data: {\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
		body.append("data: {\"id\":\"chatcmpl-abc\",\"choices\":[],\"usage\":{\"prompt_tokens\":18,"
				+ "\"completion_tokens\":200,\"total_tokens\":218}}\n\ndata: [DONE]\n\n");
		byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
		this.reads = new ArrayList<>();
		for (int i = 0; i < bytes.length; i += this.readSize) {
			byte[] read = new byte[Math.min(this.readSize, bytes.length - i)];
			System.arraycopy(bytes, i, read, 0, read.length);
			this.reads.add(read);
		}
		this.jsonReader = JsonReader.from(ExchangeStrategies.withDefaults());
		this.mapper = JsonMapper.builder().build();
		this.springReader = new ServerSentEventHttpMessageReader(new JacksonJsonDecoder());
	}

	@Benchmark
	public int epithreDecoder() {
		List<ChatCompletionChunk> chunks = SseDecoder.decode(body())
			.takeWhile((data) -> !isDone(data))
			.map((data) -> this.jsonReader.read(data, ChatCompletionChunk.class))
			.collectList()
			.block(Duration.ofSeconds(5));
		return chunks.size();
	}

	/**
	 * What the client's stream path does per read: decode in place, then {@link ChatChunkParser} with Jackson for the
	 * rest (here the usage chunk).
	 */
	@Benchmark
	public int epithreInPlaceWithChunkParser() {
		SseDecoder decoder = new SseDecoder();
		ChatChunkParser parser = new ChatChunkParser();
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		SseDecoder.EventSink sink = (data, offset, length) -> {
			if (!isDone(data, offset, length)) {
				ChatCompletionChunk chunk = parser.parse(data, offset, length);
				chunks.add((chunk != null) ? chunk
						: this.jsonReader.read(Arrays.copyOfRange(data, offset, offset + length),
								ChatCompletionChunk.class));
			}
		};
		for (byte[] read : this.reads) {
			DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.wrap(read);
			decoder.feedInPlace(buffer, sink);
		}
		decoder.finishInPlace(sink);
		return chunks.size();
	}

	/**
	 * The same in-place decoding with every chunk read by Jackson, to show what {@link ChatChunkParser} saves.
	 */
	@Benchmark
	public int epithreInPlaceWithJacksonOnly() {
		SseDecoder decoder = new SseDecoder();
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		SseDecoder.EventSink sink = (data, offset, length) -> {
			if (!isDone(data, offset, length)) {
				chunks.add(this.jsonReader.read(Arrays.copyOfRange(data, offset, offset + length),
						ChatCompletionChunk.class));
			}
		};
		for (byte[] read : this.reads) {
			DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.wrap(read);
			decoder.feedInPlace(buffer, sink);
		}
		decoder.finishInPlace(sink);
		return chunks.size();
	}

	@Benchmark
	@SuppressWarnings("unchecked")
	public int springServerSentEventsPlusJackson() {
		List<ChatCompletionChunk> chunks = this.springReader.read(SSE_STRING, message(), Map.of())
			.map((event) -> ((ServerSentEvent<String>) event).data())
			.takeWhile((data) -> !"[DONE]".equals(data))
			.map((data) -> this.mapper.readValue(data, ChatCompletionChunk.class))
			.collectList()
			.block(Duration.ofSeconds(5));
		return chunks.size();
	}

	@Benchmark
	public int floorLineEndsOnly() {
		int lineEnds = 0;
		for (byte[] read : this.reads) {
			DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.wrap(read);
			for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
				if (buffer.getByte(i) == '\n') {
					lineEnds++;
				}
			}
		}
		return lineEnds;
	}

	private Flux<DataBuffer> body() {
		return Flux.fromIterable(this.reads).map(DefaultDataBufferFactory.sharedInstance::wrap);
	}

	private ReactiveHttpInputMessage message() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.TEXT_EVENT_STREAM);
		return new ReactiveHttpInputMessage() {

			@Override
			public Flux<DataBuffer> getBody() {
				return body();
			}

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
	}

	private static boolean isDone(byte[] data) {
		return isDone(data, 0, data.length);
	}

	private static boolean isDone(byte[] data, int offset, int length) {
		return length == 6 && data[offset] == '[' && data[offset + 1] == 'D';
	}

}
