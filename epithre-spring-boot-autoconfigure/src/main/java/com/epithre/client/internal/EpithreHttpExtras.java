package com.epithre.client.internal;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClientSettings;
import com.epithre.client.RequestOptions;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreInvalidResponseException;
import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTimeoutException.Timeout;
import com.epithre.client.error.EpithreTransportException;
import com.epithre.client.resilience.CallContext;
import com.epithre.client.resilience.RetryPolicy;

/**
 * Exchanges {@link EpithreHttp} does not offer yet: any method with any {@link BodyInserter} (multipart uploads,
 * {@code DELETE}) and raw byte downloads. They go through the same key limiter, retry policy and {@link ErrorMapper}
 * as {@link EpithreHttp}, and apply the response and total timeouts; they are not observed.
 *
 * @since 0.1.0
 */
public final class EpithreHttpExtras {

	private final EpithreHttp http;

	private final WebClient webClient;

	private volatile @Nullable JsonReader json;

	/**
	 * Create the extras of a client.
	 * @param http the client's exchange, for its settings, resilience and limiter
	 * @param webClient the same configured {@link WebClient} the exchange uses
	 */
	public EpithreHttpExtras(EpithreHttp http, WebClient webClient) {
		this.http = http;
		this.webClient = webClient;
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
		String operation = method.name() + " " + path;
		return resilient(operation, idempotent, options, (state) -> {
			WebClient.RequestBodySpec spec = this.webClient.method(method).uri(path).accept(MediaType.APPLICATION_JSON);
			WebClient.RequestHeadersSpec<?> request = (body != null) ? spec.body(body) : spec;
			return request.exchangeToMono((response) -> {
				state.responded(response);
				if (!response.statusCode().is2xxSuccessful()) {
					return this.<T>error(response, state);
				}
				return response.bodyToMono(type)
					.switchIfEmpty(Mono.error(() -> new EpithreInvalidResponseException(
							"Epithre " + operation + " returned an empty body [request id " + state.requestId + "]",
							state.requestId, null)));
			}).flux();
		}).single();
	}

	/**
	 * Send a {@code GET} and stream the answer's raw bytes; the subscriber releases each buffer. A failure is retried
	 * only before the first buffer was delivered.
	 * @param path path below the base URL
	 * @param options per-call overrides
	 * @return the body's buffers
	 */
	public Flux<DataBuffer> download(String path, RequestOptions options) {
		String operation = "GET " + path;
		return resilient(operation, true, options, (state) -> this.webClient.get()
			.uri(path)
			.accept(MediaType.ALL)
			.exchangeToFlux((response) -> {
				state.responded(response);
				if (!response.statusCode().is2xxSuccessful()) {
					return this.<DataBuffer>error(response, state).flux();
				}
				return response.bodyToFlux(DataBuffer.class);
			}));
	}

	private <T> Flux<T> resilient(String operation, boolean idempotent, RequestOptions options,
			Function<CallState, Flux<T>> attempt) {
		EpithreClientSettings settings = this.http.settings();
		RetryPolicy policy = (options.retry() != null) ? options.retry() : settings.retry();
		Duration response = (options.responseTimeout() != null) ? options.responseTimeout()
				: settings.responseTimeout();
		Duration total = (options.totalTimeout() != null) ? options.totalTimeout() : settings.totalTimeout();
		CallContext call = new CallContext(operation, null, false, idempotent);
		Flux<T> decorated = this.http.resilience().decorate(() -> {
			CallState state = new CallState(operation, new CallTrace());
			return attempt.apply(state)
				.timeout(Mono.delay(response), (item) -> Mono.never())
				.onErrorMap((ex) -> translate(ex, state, response));
		}, call, policy, this.http.limiter());
		if (total == null) {
			return decorated;
		}
		return decorated.timeout(Mono.delay(total), (item) -> Mono.never())
			.onErrorMap(TimeoutException.class,
					(ex) -> new EpithreTimeoutException(operation, Timeout.TOTAL, total, null));
	}

	private <T> Mono<T> error(ClientResponse response, CallState state) {
		JsonReader reader = json(response);
		String retryAfter = response.headers().asHttpHeaders().getFirst("Retry-After");
		int status = response.statusCode().value();
		return response.bodyToMono(byte[].class)
			.defaultIfEmpty(new byte[0])
			.flatMap((bytes) -> Mono.error(ErrorMapper.fromResponse(status, bytes, state.requestId, retryAfter,
					this.http.settings().apiKeyPrefix(), state.operation, reader)));
	}

	private Throwable translate(Throwable ex, CallState state, Duration response) {
		if (ex instanceof EpithreException) {
			return ex;
		}
		// a local check failing while the body streams (such as an upload over its size limit) stays as it is
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof IllegalArgumentException) {
				return cause;
			}
		}
		if (ex instanceof TimeoutException) {
			return new EpithreTimeoutException(state.operation, Timeout.RESPONSE, response, state.requestId);
		}
		EpithreTransportException poolFailure = PoolErrors.fromPoolFailure(ex, state.operation);
		if (poolFailure != null) {
			return poolFailure;
		}
		String reason = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
		if (!state.responded) {
			return new EpithreTransportException("Epithre " + state.operation + " failed before a response: " + reason
					+ " (" + this.http.settings().baseUrl() + ")", null, ex);
		}
		return new EpithreInvalidResponseException("Epithre " + state.operation + " failed reading the response: "
				+ reason + " [request id " + state.requestId + "]", state.requestId, ex);
	}

	private JsonReader json(ClientResponse response) {
		JsonReader reader = this.json;
		if (reader == null) {
			reader = JsonReader.from(response.strategies());
			this.json = reader;
		}
		return reader;
	}

}
