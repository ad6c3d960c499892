package com.epithre.benchmarks.compare;

import java.util.concurrent.CompletionStage;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.benchmarks.harness.ClientAdapter;
import com.epithre.benchmarks.harness.Harness;
import com.epithre.benchmarks.harness.StreamProbe;
import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.EpithreClientSettings;

/**
 * The Epithre client as a comparison process, built with {@link EpithreClient#builder(WebClient.Builder)} and no
 * Spring context. Streams go through a client set up as the starter sets it up for that load: the per-key limit
 * raised to the largest stream count of the run and a connection pool of that size plus the starter's headroom of 16
 * (what {@code epithre.concurrency.max-in-flight} does). Storm calls go through a client with every default (limit 10,
 * code-keyed retry), as {@code StormDriver} measures it.
 *
 * @since 0.1.0
 */
public final class EpithrePeer implements ClientAdapter {

	private static final int CONNECTION_HEADROOM = 16;

	private final ConnectionProvider pool;

	private final EpithreClient streaming;

	private final EpithreClient calls;

	private EpithrePeer(String baseUrl, String apiKey, int maxStreams) {
		this.pool = ConnectionProvider.builder("epithre")
			.maxConnections(maxStreams + CONNECTION_HEADROOM)
			.pendingAcquireMaxCount(2 * (maxStreams + CONNECTION_HEADROOM))
			.lifo()
			.build();
		EpithreClientSettings settings = EpithreClientSettings.defaults().withBaseUrl(baseUrl).withApiKey(apiKey);
		this.streaming = EpithreClient
			.builder(WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.pool))))
			.settings(settings.withConcurrency(ConcurrencyPolicy.defaults().withMaxInFlight(maxStreams)))
			.build();
		this.calls = EpithreClient.builder(WebClient.builder()).settings(settings).build();
	}

	public static void main(String[] args) {
		int maxStreams = Math.max(10, PeerArguments.maxStreams(args));
		Harness.run("epithre", args, (baseUrl, apiKey) -> new EpithrePeer(baseUrl, apiKey, maxStreams));
	}

	@Override
	public void stream(String prompt, StreamProbe probe) {
		this.streaming.chat().stream(request(prompt)).subscribe((chunk) -> {
			String text = chunk.text();
			if (!text.isEmpty()) {
				probe.onToken();
			}
		}, probe::onError, probe::onComplete);
	}

	@Override
	public CompletionStage<?> call(String prompt) {
		return this.calls.chat().create(request(prompt)).toFuture();
	}

	@Override
	public void close() {
		this.pool.dispose();
	}

	private static ChatCompletionRequest request(String prompt) {
		return ChatCompletionRequest.builder("epithre-lyt").user(prompt).build();
	}

}
