package com.epithre.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionAccumulator;
import com.epithre.client.chat.ChatCompletionChunk;

/**
 * CPU cost per chunk of folding a decoded stream into the whole answer with {@link ChatCompletionAccumulator}: a text
 * answer (role chunk, one chunk per token, finish chunk, usage chunk) and a tool-call answer (argument fragments merged
 * by index). The chunks are decoded once in set-up, so only accumulation is measured; scores are per chunk.
 *
 * <p>
 * Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:exec -Dexec.executable=java
 * -Dexec.args="-cp %classpath org.openjdk.jmh.Main ChatCompletionAccumulatorBenchmark"}.
 *
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChatCompletionAccumulatorBenchmark {

	/** Chunks per stream; the per-chunk scores assume this value. */
	private static final int CHUNKS = 203;

	private List<ChatCompletionChunk> textChunks;

	private List<ChatCompletionChunk> toolCallChunks;

	/** Characters per text token. */
	@Param({ "6" })
	public int tokenLength;

	@Setup
	public void setUp() {
		JsonMapper mapper = JsonMapper.builder().build();
		String token = "x".repeat(Math.max(1, this.tokenLength - 1));
		this.textChunks = new ArrayList<>();
		this.textChunks.add(mapper.readValue("{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\","
				+ "\"created\":1767225600,\"model\":\"epithre-lyt\",\"choices\":[{\"index\":0,"
				+ "\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}", ChatCompletionChunk.class));
		for (int i = 0; i < CHUNKS - 3; i++) {
			this.textChunks.add(mapper.readValue("{\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":"
					+ "{\"content\":\" " + token + "\"}}]}", ChatCompletionChunk.class));
		}
		this.textChunks.add(mapper.readValue("{\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":{},"
				+ "\"finish_reason\":\"stop\"}]}", ChatCompletionChunk.class));
		this.textChunks.add(mapper.readValue("{\"id\":\"chatcmpl-abc\",\"choices\":[],\"usage\":{\"prompt_tokens\":18,"
				+ "\"completion_tokens\":200,\"total_tokens\":218}}", ChatCompletionChunk.class));
		this.toolCallChunks = new ArrayList<>();
		this.toolCallChunks.add(mapper.readValue("{\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":"
				+ "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
				+ "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]}}]}",
				ChatCompletionChunk.class));
		for (int i = 0; i < CHUNKS - 2; i++) {
			this.toolCallChunks.add(mapper.readValue("{\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":"
					+ "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" + token + "\"}}]}}]}",
					ChatCompletionChunk.class));
		}
		this.toolCallChunks.add(mapper.readValue("{\"id\":\"chatcmpl-abc\",\"choices\":[{\"index\":0,\"delta\":{},"
				+ "\"finish_reason\":\"tool_calls\"}]}", ChatCompletionChunk.class));
	}

	@Benchmark
	@OperationsPerInvocation(CHUNKS)
	public ChatCompletion textPerChunk() {
		return accumulate(this.textChunks);
	}

	@Benchmark
	@OperationsPerInvocation(CHUNKS)
	public ChatCompletion toolCallFragmentsPerChunk() {
		return accumulate(this.toolCallChunks);
	}

	private static ChatCompletion accumulate(List<ChatCompletionChunk> chunks) {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		for (ChatCompletionChunk chunk : chunks) {
			accumulator.accept(chunk);
		}
		return accumulator.toCompletion();
	}

}
