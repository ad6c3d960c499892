package com.epithre.benchmarks.peers.langchain4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

import com.epithre.benchmarks.harness.ClientAdapter;
import com.epithre.benchmarks.harness.Harness;
import com.epithre.benchmarks.harness.StreamProbe;

/**
 * LangChain4j 1.19 as a comparison client: {@link OpenAiStreamingChatModel} (its default JDK {@code HttpClient}; each
 * stream's body is parsed by a thread of that client's executor) for streams, the blocking {@link OpenAiChatModel}
 * (default {@code maxRetries} 2) on a thread per call for the storm. Only base URL, key and model are set.
 *
 * @since 0.1.0
 */
public final class LangChain4jPeer implements ClientAdapter {

	private final OpenAiStreamingChatModel streaming;

	private final OpenAiChatModel blocking;

	// chat(String) blocks: a storm of simultaneous calls needs a thread each
	private final ExecutorService callers = Executors.newCachedThreadPool();

	private LangChain4jPeer(String baseUrl, String apiKey) {
		this.streaming = OpenAiStreamingChatModel.builder()
			.baseUrl(baseUrl)
			.apiKey(apiKey)
			.modelName("epithre-lyt")
			.build();
		this.blocking = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName("epithre-lyt").build();
	}

	public static void main(String[] args) {
		Harness.run("langchain4j", args, LangChain4jPeer::new);
	}

	@Override
	public void stream(String prompt, StreamProbe probe) {
		this.streaming.chat(prompt, new StreamingChatResponseHandler() {

			@Override
			public void onPartialResponse(String partialResponse) {
				if (!partialResponse.isEmpty()) {
					probe.onToken();
				}
			}

			@Override
			public void onCompleteResponse(ChatResponse completeResponse) {
				probe.onComplete();
			}

			@Override
			public void onError(Throwable error) {
				probe.onError(error);
			}

		});
	}

	@Override
	public CompletionStage<?> call(String prompt) {
		return CompletableFuture.supplyAsync(() -> this.blocking.chat(prompt), this.callers);
	}

	@Override
	public void close() {
		this.callers.shutdownNow();
	}

}
