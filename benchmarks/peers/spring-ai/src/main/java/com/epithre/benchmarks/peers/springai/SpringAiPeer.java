package com.epithre.benchmarks.peers.springai;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

import com.epithre.benchmarks.harness.ClientAdapter;
import com.epithre.benchmarks.harness.Harness;
import com.epithre.benchmarks.harness.StreamProbe;

/**
 * Spring AI 2.0.1's {@link OpenAiChatModel} as a comparison client: {@code stream(Prompt)} for streams, the blocking
 * {@code call(Prompt)} (default {@code maxRetries} 3, inside openai-java) on a thread per call for the storm. Built
 * as an application would without Boot's auto-configuration: only base URL, key and model are set.
 *
 * @since 0.1.0
 */
public final class SpringAiPeer implements ClientAdapter {

	private final OpenAiChatModel model;

	// call(Prompt) blocks: a storm of simultaneous calls needs a thread each, as a servlet application would give it
	private final ExecutorService callers = Executors.newCachedThreadPool();

	private SpringAiPeer(String baseUrl, String apiKey) {
		this.model = OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder().baseUrl(baseUrl).apiKey(apiKey).model("epithre-lyt").build())
			.build();
	}

	public static void main(String[] args) {
		Harness.run("spring-ai", args, SpringAiPeer::new);
	}

	@Override
	public void stream(String prompt, StreamProbe probe) {
		this.model.stream(new Prompt(prompt)).subscribe((response) -> {
			if (hasText(response)) {
				probe.onToken();
			}
		}, probe::onError, probe::onComplete);
	}

	@Override
	public CompletionStage<?> call(String prompt) {
		return CompletableFuture.supplyAsync(() -> this.model.call(new Prompt(prompt)), this.callers);
	}

	@Override
	public void close() {
		this.callers.shutdownNow();
	}

	private static boolean hasText(ChatResponse response) {
		if (response.getResult() == null) {
			return false;
		}
		String text = response.getResult().getOutput().getText();
		return text != null && !text.isEmpty();
	}

}
