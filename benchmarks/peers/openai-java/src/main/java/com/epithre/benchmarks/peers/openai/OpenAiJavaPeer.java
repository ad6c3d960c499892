package com.epithre.benchmarks.peers.openai;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import com.epithre.benchmarks.harness.ClientAdapter;
import com.epithre.benchmarks.harness.Harness;
import com.epithre.benchmarks.harness.StreamProbe;

/**
 * The official OpenAI Java SDK 4.x as a comparison client: the async client's {@code createStreaming} (OkHttp; each
 * stream is read by a thread of the SDK's stream-handler pool) and {@code create} for the storm, with the SDK's
 * default {@code maxRetries} of 2. Only base URL and key are set.
 *
 * @since 0.1.0
 */
public final class OpenAiJavaPeer implements ClientAdapter {

	private final OpenAIClientAsync client;

	private OpenAiJavaPeer(String baseUrl, String apiKey) {
		this.client = OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl).apiKey(apiKey).build();
	}

	public static void main(String[] args) {
		Harness.run("openai-java", args, OpenAiJavaPeer::new);
	}

	@Override
	public void stream(String prompt, StreamProbe probe) {
		this.client.chat().completions().createStreaming(params(prompt)).subscribe(new AsyncStreamResponse.Handler<>() {

			@Override
			public void onNext(ChatCompletionChunk chunk) {
				if (!chunk.choices().isEmpty() && chunk.choices().get(0).delta().content().filter((text) -> !text.isEmpty())
					.isPresent()) {
					probe.onToken();
				}
			}

			@Override
			public void onComplete(Optional<Throwable> error) {
				if (error.isPresent()) {
					probe.onError(error.get());
				}
				else {
					probe.onComplete();
				}
			}

		});
	}

	@Override
	public CompletionStage<?> call(String prompt) {
		return this.client.chat().completions().create(params(prompt));
	}

	@Override
	public void close() {
		this.client.close();
	}

	private static ChatCompletionCreateParams params(String prompt) {
		return ChatCompletionCreateParams.builder().model("epithre-lyt").addUserMessage(prompt).build();
	}

}
