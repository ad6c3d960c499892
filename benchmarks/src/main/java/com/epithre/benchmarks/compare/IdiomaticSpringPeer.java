package com.epithre.benchmarks.compare;

import java.util.concurrent.CompletionStage;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.benchmarks.harness.ClientAdapter;
import com.epithre.benchmarks.harness.Harness;
import com.epithre.benchmarks.harness.StreamProbe;
import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;

/**
 * The idiomatic Spring way to stream a chat answer, as a comparison process: a plain {@link WebClient} on Reactor
 * Netty, {@code retrieve().bodyToFlux(ServerSentEvent<String>)} (Spring's {@code ServerSentEventHttpMessageReader}),
 * and one Jackson {@link JsonMapper#readValue(String, Class)} per event into the starter's own
 * {@link ChatCompletionChunk} record, stopping at {@code [DONE]}. No retry, no concurrency limit, no timeouts, no
 * observation: what an application would write by hand with the same records. Same pool size as the Epithre process
 * (streams plus 16).
 *
 * @since 0.1.0
 */
public final class IdiomaticSpringPeer implements ClientAdapter {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE_STRING = new ParameterizedTypeReference<>() {
	};

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConnectionProvider pool;

	private final WebClient webClient;

	private IdiomaticSpringPeer(String baseUrl, String apiKey, int maxStreams) {
		this.pool = ConnectionProvider.builder("idiomatic")
			.maxConnections(maxStreams + 16)
			.pendingAcquireMaxCount(-1)
			.lifo()
			.build();
		this.webClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.pool)))
			.baseUrl(baseUrl)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
			.build();
	}

	public static void main(String[] args) {
		int maxStreams = Math.max(10, PeerArguments.maxStreams(args));
		Harness.run("idiomatic", args, (baseUrl, apiKey) -> new IdiomaticSpringPeer(baseUrl, apiKey, maxStreams));
	}

	@Override
	public void stream(String prompt, StreamProbe probe) {
		this.webClient.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(request(prompt).withStream(true, null))
			.retrieve()
			.bodyToFlux(SSE_STRING)
			.mapNotNull(ServerSentEvent::data)
			.takeWhile((data) -> !"[DONE]".equals(data))
			.map((data) -> JSON.readValue(data, ChatCompletionChunk.class))
			.subscribe((chunk) -> {
				if (!chunk.text().isEmpty()) {
					probe.onToken();
				}
			}, probe::onError, probe::onComplete);
	}

	@Override
	public CompletionStage<?> call(String prompt) {
		return this.webClient.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request(prompt))
			.retrieve()
			.bodyToMono(ChatCompletion.class)
			.toFuture();
	}

	@Override
	public void close() {
		this.pool.dispose();
	}

	private static ChatCompletionRequest request(String prompt) {
		return ChatCompletionRequest.builder("epithre-lyt").user(prompt).build();
	}

}
