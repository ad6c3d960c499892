package com.epithre.client.internal;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.RequestOptions;

/**
 * Exchanges beyond JSON {@code GET}/{@code POST} (multipart uploads, {@code DELETE}, raw byte downloads) as used by
 * the file, batch and webhook resources; all of them go through {@link EpithreHttp}, so they share its errors, retry
 * policy, key limiter, timeouts and observations.
 *
 * @since 0.1.0
 */
public final class EpithreHttpExtras {

	private final EpithreHttp http;

	/**
	 * Create the extras of a client.
	 * @param http the client's exchange
	 * @param webClient the same configured {@link WebClient} the exchange uses (kept for source compatibility)
	 */
	public EpithreHttpExtras(EpithreHttp http, WebClient webClient) {
		this.http = http;
	}

	/**
	 * Return the shared exchange.
	 * @return the exchange
	 */
	public EpithreHttp http() {
		return this.http;
	}

	/**
	 * Send a request with any body and decode the JSON answer.
	 * @param <T> the answer type
	 * @param method the HTTP method
	 * @param path path below the base URL
	 * @param body the body, or {@code null} for none
	 * @param type the answer type
	 * @param options per-call overrides
	 * @param idempotent whether sending the request twice is harmless
	 * @return the answer
	 */
	public <T> Mono<T> send(HttpMethod method, String path,
			@Nullable BodyInserter<?, ? super ClientHttpRequest> body, Class<T> type, RequestOptions options,
			boolean idempotent) {
		return this.http.send(method, path, body, null, type, options, null, idempotent);
	}

	/**
	 * Send a {@code GET} and stream the answer's raw bytes; the subscriber releases each buffer. A failure is retried
	 * only before the first buffer was delivered.
	 * @param path path below the base URL
	 * @param options per-call overrides
	 * @return the body's buffers
	 */
	public Flux<DataBuffer> download(String path, RequestOptions options) {
		return this.http.download(path, options);
	}

}
