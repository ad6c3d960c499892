package com.epithre.client.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import com.epithre.client.EpithreClientSettings;
import com.epithre.client.RequestOptions;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreInvalidResponseException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamException;
import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTimeoutException.Timeout;
import com.epithre.client.error.EpithreTransportException;

/**
 * The HTTP exchange shared by every resource: sends JSON, turns error answers into typed exceptions, decodes SSE
 * streams, and applies the response, stream-idle and total timeouts. {@code WebClientResponseException} never
 * leaves this class.
 */
public final class EpithreHttp {

	private static final String REQUEST_ID_HEADER = "X-Request-ID";

	private static final byte[] DONE = { '[', 'D', 'O', 'N', 'E', ']' };

	private static final Duration DONE_GRACE = Duration.ofSeconds(1);

	private final WebClient webClient;

	private final EpithreClientSettings settings;

	private volatile @Nullable JsonReader json;

	public EpithreHttp(WebClient webClient, EpithreClientSettings settings) {
		this.webClient = webClient;
		this.settings = settings;
	}

	public EpithreClientSettings settings() {
		return this.settings;
	}

	/**
	 * Send a {@code GET} and decode the JSON answer.
	 * @param <T> the answer type
	 * @param path path below the base URL, e.g. {@code /models}
	 * @param type the answer type
	 * @param options per-call overrides
	 * @return the answer
	 */
	public <T> Mono<T> get(String path, Class<T> type, RequestOptions options) {
		return exchange(HttpMethod.GET, path, null, type, options);
	}

	/**
	 * Send a JSON {@code POST} and decode the JSON answer.
	 * @param <T> the answer type
	 * @param path path below the base URL
	 * @param body the request body
	 * @param type the answer type
	 * @param options per-call overrides
	 * @return the answer
	 */
	public <T> Mono<T> post(String path, Object body, Class<T> type, RequestOptions options) {
		return exchange(HttpMethod.POST, path, body, type, options);
	}

	private <T> Mono<T> exchange(HttpMethod method, String path, @Nullable Object body, Class<T> type,
			RequestOptions options) {
		String operation = method.name() + " " + path;
		return Mono.defer(() -> {
			CallState state = new CallState(operation);
			WebClient.RequestBodySpec spec = this.webClient.method(method).uri(path).accept(MediaType.APPLICATION_JSON);
			WebClient.RequestHeadersSpec<?> request = (body != null)
					? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : spec;
			Mono<T> answer = request.exchangeToMono((response) -> {
				state.responded(response);
				if (!response.statusCode().is2xxSuccessful()) {
					return error(response, state);
				}
				return response.bodyToMono(type)
					.switchIfEmpty(Mono.error(() -> new EpithreInvalidResponseException(
							"Epithre " + operation + " returned an empty body [request id " + state.requestId + "]",
							state.requestId, null)));
			});
			return withTimeouts(answer.flux(), state, options).single().onErrorMap((ex) -> translate(ex, state));
		});
	}

	/**
	 * Send a JSON {@code POST} that answers with {@code text/event-stream} and decode each event's JSON data until
	 * {@code data: [DONE]} (EPITHRE-API.md 4.4). An error event becomes an {@link EpithreStreamErrorEventException};
	 * a body that ends without {@code [DONE]} an {@link EpithreStreamException}. Cancelling the returned flux closes
	 * the connection.
	 * @param <T> the event type
	 * @param path path below the base URL
	 * @param body the request body
	 * @param type the event type
	 * @param options per-call overrides
	 * @return the events
	 */
	public <T> Flux<T> stream(String path, Object body, Class<T> type, RequestOptions options) {
		String operation = "POST " + path + " (stream)";
		return Flux.defer(() -> {
			CallState state = new CallState(operation);
			Flux<T> events = this.webClient.post()
				.uri(path)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToFlux((response) -> {
					state.responded(response);
					if (!response.statusCode().is2xxSuccessful()) {
						return this.<T>error(response, state).flux();
					}
					MediaType contentType = response.headers().contentType().orElse(null);
					if (contentType != null && !MediaType.TEXT_EVENT_STREAM.isCompatibleWith(contentType)) {
						return response.bodyToMono(byte[].class)
							.defaultIfEmpty(new byte[0])
							.flatMapMany((bytes) -> Flux.error(new EpithreInvalidResponseException("Epithre "
									+ operation + " answered " + contentType + " instead of text/event-stream: "
									+ ErrorMapper.snippet(bytes) + " [request id " + state.requestId + "]",
									state.requestId, null)));
					}
					return decodeEvents(response, type, state);
				});
			return withTimeouts(events, state, options).onErrorMap((ex) -> translate(ex, state));
		});
	}

	private <T> Flux<T> decodeEvents(ClientResponse response, Class<T> type, CallState state) {
		JsonReader json = json(response);
		// After [DONE] the rest of the body (normally just its end) is read rather than cancelled, so the
		// connection goes back to the pool instead of being closed; a server that keeps the stream open after
		// [DONE] is cut off after a short grace.
		Sinks.Empty<Void> done = Sinks.empty();
		return SseDecoder.decode(response.bodyToFlux(DataBuffer.class)).<T>handle((data, sink) -> {
			if (state.done) {
				return;
			}
			if (isDone(data)) {
				state.done = true;
				done.tryEmitEmpty();
				return;
			}
			EpithreException error = errorEvent(data, json, state);
			if (error != null) {
				sink.error(error);
				return;
			}
			try {
				sink.next(json.read(data, type));
			}
			catch (RuntimeException ex) {
				sink.error(new EpithreStreamException("Epithre " + state.operation + " sent an unreadable event: "
						+ ErrorMapper.snippet(data).substring("non-JSON body: ".length()) + " [request id "
						+ state.requestId + "]", state.requestId, ex));
			}
		})
			.takeUntilOther(done.asMono().then(Mono.delay(DONE_GRACE)))
			.concatWith(Mono.defer(() -> state.done ? Mono.empty()
					: Mono.error(new EpithreStreamException("Epithre " + state.operation
							+ " ended without data: [DONE]; the answer is truncated [request id " + state.requestId
							+ "]", state.requestId, null))));
	}

	private @Nullable EpithreException errorEvent(byte[] data, JsonReader json, CallState state) {
		if (!containsErrorKey(data)) {
			return null;
		}
		ErrorEnvelope.@Nullable Body error = ErrorMapper.readEnvelope(data, json);
		if (error == null) {
			return null;
		}
		return new EpithreStreamErrorEventException(ErrorMapper.fromStreamEvent(error, state.requestId,
				this.settings.apiKeyPrefix(), state.operation));
	}

	private <T> Mono<T> error(ClientResponse response, CallState state) {
		JsonReader json = json(response);
		String retryAfter = response.headers().asHttpHeaders().getFirst("Retry-After");
		int status = response.statusCode().value();
		return response.bodyToMono(byte[].class)
			.defaultIfEmpty(new byte[0])
			.flatMap((bytes) -> Mono.error(ErrorMapper.fromResponse(status, bytes, state.requestId, retryAfter,
					this.settings.apiKeyPrefix(), state.operation, json)));
	}

	private <T> Flux<T> withTimeouts(Flux<T> source, CallState state, RequestOptions options) {
		Duration response = (options.responseTimeout() != null) ? options.responseTimeout()
				: this.settings.responseTimeout();
		Duration idle = (options.streamIdleTimeout() != null) ? options.streamIdleTimeout()
				: this.settings.streamIdleTimeout();
		Duration total = (options.totalTimeout() != null) ? options.totalTimeout() : this.settings.totalTimeout();
		long start = now();
		return source.timeout(timer(Timeout.RESPONSE, response, total, start, state),
				(item) -> timer(Timeout.STREAM_IDLE, idle, total, start, state));
	}

	private Publisher<?> timer(Timeout kind, Duration duration, @Nullable Duration total, long start,
			CallState state) {
		return Mono.defer(() -> {
			if (total != null) {
				Duration left = total.minusNanos(now() - start);
				if (left.compareTo(duration) < 0) {
					return Mono.delay(left.isNegative() ? Duration.ZERO : left)
						.then(Mono.defer(() -> state.done ? Mono.never()
								: Mono.error(new EpithreTimeoutException(state.operation, Timeout.TOTAL, total,
										state.requestId))));
				}
			}
			return Mono.delay(duration)
				.then(Mono.defer(() -> state.done ? Mono.never()
						: Mono.error(new EpithreTimeoutException(state.operation, kind, duration, state.requestId))));
		});
	}

	private static long now() {
		return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
	}

	private Throwable translate(Throwable ex, CallState state) {
		if (ex instanceof EpithreException) {
			return ex;
		}
		String reason = describe(ex);
		if (!state.responded) {
			return new EpithreTransportException("Epithre " + state.operation + " failed before a response: " + reason
					+ " (" + this.settings.baseUrl() + ")", null, ex);
		}
		if (ex instanceof CodecException) {
			return new EpithreInvalidResponseException("Epithre " + state.operation + " returned an unreadable body: "
					+ reason + " [request id " + state.requestId + "]", state.requestId, ex);
		}
		return new EpithreStreamException("Epithre " + state.operation + " broke off while reading the response: "
				+ reason + " [request id " + state.requestId + "]", state.requestId, ex);
	}

	private static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : "";
		return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
	}

	private JsonReader json(ClientResponse response) {
		JsonReader json = this.json;
		if (json == null) {
			json = JsonReader.from(response.strategies());
			this.json = json;
		}
		return json;
	}

	private static boolean isDone(byte[] data) {
		int start = 0;
		int end = data.length;
		while (start < end && data[start] == ' ') {
			start++;
		}
		while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\n')) {
			end--;
		}
		if (end - start != DONE.length) {
			return false;
		}
		for (int i = 0; i < DONE.length; i++) {
			if (data[start + i] != DONE[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the bytes hold {@code "error"} as a whole JSON string; inside another string its quotes would be
	 * escaped, so this only matches a key or a value, and ordinary chunks skip the envelope parse.
	 */
	static boolean containsErrorKey(byte[] data) {
		outer: for (int i = 0; i + 7 <= data.length; i++) {
			if (data[i] != '"') {
				continue;
			}
			for (int j = 0; j < 5; j++) {
				if (data[i + 1 + j] != "error".charAt(j)) {
					continue outer;
				}
			}
			if (data[i + 6] == '"') {
				return true;
			}
		}
		return false;
	}

	private static final class CallState {

		final String operation;

		volatile boolean responded;

		volatile @Nullable String requestId;

		volatile boolean done;

		CallState(String operation) {
			this.operation = operation;
		}

		void responded(ClientResponse response) {
			this.requestId = response.headers().asHttpHeaders().getFirst(REQUEST_ID_HEADER);
			this.responded = true;
		}

	}

}
