package com.epithre.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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

import com.epithre.client.chat.ChatCompletionChunk;

/**
 * CPU cost of turning one streamed chat answer (the network buffers of an SSE body) into typed chunks the way the
 * public, idiomatic Spring path does it: Spring's {@link ServerSentEventHttpMessageReader} (what
 * {@code bodyToFlux(ServerSentEvent<String>)} uses) over {@link DataBuffer}s cut from a captured body, then one Jackson
 * {@link JsonMapper#readValue(String, Class)} per event into {@link ChatCompletionChunk}, stopping at {@code [DONE]};
 * with a floor that only finds the line ends. Both read the same buffers in one JVM, so compare their ratio, not
 * absolute times.
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
		this.mapper = JsonMapper.builder().build();
		this.springReader = new ServerSentEventHttpMessageReader(new JacksonJsonDecoder());
	}

	/**
	 * Spring's SSE reader with its default string decoder, then one Jackson read per event.
	 * @return the chunks read
	 */
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

	/**
	 * Only finds the line ends of the same buffers: no decoding, no JSON.
	 * @return the line ends
	 */
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

}
