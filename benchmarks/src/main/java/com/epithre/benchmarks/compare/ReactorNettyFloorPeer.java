package com.epithre.benchmarks.compare;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import com.epithre.benchmarks.harness.ClientAdapter;
import com.epithre.benchmarks.harness.Harness;
import com.epithre.benchmarks.harness.StreamProbe;

/**
 * The floor of the comparison: Reactor Netty's {@link HttpClient} posting the chat request and counting the
 * {@code data:} lines of the SSE body straight from the network buffers, without decoding, JSON or a
 * {@code WebClient}. Every event after the first (the role chunk) counts as a token, so its time to first token is
 * measured to the same event as the other clients'. Same pool size as the Epithre process; no retry.
 *
 * @since 0.1.0
 */
public final class ReactorNettyFloorPeer implements ClientAdapter {

	private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

	private final ConnectionProvider pool;

	private final HttpClient http;

	private ReactorNettyFloorPeer(String baseUrl, String apiKey, int maxStreams) {
		this.pool = ConnectionProvider.builder("floor")
			.maxConnections(maxStreams + 16)
			.pendingAcquireMaxCount(-1)
			.lifo()
			.build();
		this.http = HttpClient.create(this.pool)
			.baseUrl(baseUrl)
			.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + apiKey)
				.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON));
	}

	public static void main(String[] args) {
		int maxStreams = Math.max(10, PeerArguments.maxStreams(args));
		Harness.run("floor", args, (baseUrl, apiKey) -> new ReactorNettyFloorPeer(baseUrl, apiKey, maxStreams));
	}

	@Override
	public void stream(String prompt, StreamProbe probe) {
		EventCounter counter = new EventCounter(probe);
		this.http.post()
			.uri("/chat/completions")
			.send(ByteBufFlux.fromString(Mono.just(body(prompt, true))))
			.response((response, content) -> {
				if (response.status().code() != 200) {
					return Mono.error(new IllegalStateException("HTTP " + response.status().code()));
				}
				return content.doOnNext(counter::scan).then();
			})
			.subscribe(null, probe::onError, probe::onComplete);
	}

	@Override
	public CompletionStage<?> call(String prompt) {
		return this.http.post()
			.uri("/chat/completions")
			.send(ByteBufFlux.fromString(Mono.just(body(prompt, false))))
			.responseSingle((response, content) -> (response.status().code() == 200) ? content.asString()
					: Mono.error(new IllegalStateException("HTTP " + response.status().code())))
			.toFuture();
	}

	@Override
	public void close() {
		this.pool.dispose();
	}

	private static String body(String prompt, boolean stream) {
		// the prompt is the harness's "bench run=... mode=..." line: no characters that need JSON escaping
		return "{\"model\":\"epithre-lyt\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
				+ prompt + "\"}]}";
	}

	/**
	 * Finds {@code data:} at the start of a line across buffer boundaries.
	 */
	private static final class EventCounter {

		private final StreamProbe probe;

		private int matched;

		private int events;

		EventCounter(StreamProbe probe) {
			this.probe = probe;
		}

		void scan(ByteBuf buffer) {
			for (int i = buffer.readerIndex(); i < buffer.writerIndex(); i++) {
				byte b = buffer.getByte(i);
				if (b == '\n') {
					this.matched = 0;
				}
				else if (this.matched >= 0 && b == DATA[this.matched]) {
					if (++this.matched == DATA.length) {
						this.matched = -1;
						if (this.events++ > 0) {
							this.probe.onToken();
						}
					}
				}
				else {
					this.matched = -1;
				}
			}
		}

	}

}
