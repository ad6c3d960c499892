package com.epithre.client.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.observability.DefaultSignalListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriBuilderFactory;

import com.epithre.client.config.EpithreClientSettings;
import com.epithre.client.config.RequestOptions;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreInvalidResponseException;
import com.epithre.client.error.EpithrePoolExhaustedException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamException;
import com.epithre.client.error.EpithreTimeoutException;
import com.epithre.client.error.EpithreTimeoutException.Timeout;
import com.epithre.client.error.EpithreTransportException;
import com.epithre.client.observation.EpithreClientStats;
import com.epithre.client.observation.EpithreObservationContext;
import com.epithre.client.observation.EpithreObservationConvention;
import com.epithre.client.resilience.CallContext;
import com.epithre.client.resilience.EpithreResilience;
import com.epithre.client.resilience.KeyConcurrencyLimiter;

/**
 * The HTTP exchange shared by every resource: sends JSON, turns error answers into typed exceptions, decodes SSE
 * streams, and applies the response, stream-idle and total timeouts. {@code WebClientResponseException} never
 * leaves this class. Every operation is observed ({@link CallObservation}) and feeds the client's
 * {@link EpithreClientStats}.
 */
final class EpithreHttp {

	/**
	 * The body's buffers as they arrive. {@code ClientResponse.bodyToFlux} adds a {@code checkpoint} to the flux it
	 * returns, but not to a plain {@link Publisher}: that is one operator less on every chunk, and two description
	 * strings and an assembly snapshot less held for as long as a stream lasts (about 380 bytes of the 16 KB an open
	 * stream holds). The errors of the stream name the operation and the request id themselves.
	 */
	private static final BodyExtractor<Publisher<DataBuffer>, ReactiveHttpInputMessage> BODY = (message,
			context) -> message.getBody()::subscribe;

	private final WebClient webClient;

	private final EpithreClientSettings settings;

	private final EpithreResilience resilience;

	/** The client's own key and no extra headers: what a call without per-request key or headers is sent with. */
	private final CallTarget defaultTarget;

	/** The {@code WebClient} for endpoints the client does not model: adds the client's key to each request. */
	private volatile @Nullable WebClient keyedWebClient;

	private final CallObservation.Setup observation;

	private final String serverAddress;

	private final int serverPort;

	private volatile @Nullable JsonReader json;

	/** Room for large JSON answers (embeddings of 64 inputs, base64 images) beyond WebFlux's 256 KB default. */
	static final int MAX_IN_MEMORY_SIZE = 32 * 1024 * 1024;

	/** How long the rest of a stream's body may take after {@code [DONE]}. */
	static final Duration DONE_GRACE = Duration.ofSeconds(1);

	private final SseEvents events;

	/**
	 * The attribute {@code WebClient.uri(String)} records its template in, which Spring's
	 * {@code http.client.requests} observation reads for its {@code uri} tag ({@code DefaultWebClient}).
	 */
	static final String URI_TEMPLATE_ATTRIBUTE = WebClient.class.getName() + ".uriTemplate";

	/** Expands paths as {@code WebClient.builder().baseUrl(...)} does, for the streamed path's URI. */
	private final UriBuilderFactory uriBuilderFactory;

	/** The names and URI of the last path streamed, as every stream of a client usually goes to the same one. */
	private volatile @Nullable StreamNames streamNames;

	/**
	 * Create the exchange of a client.
	 * @param webClientBuilder the builder to copy the client's {@code WebClient} from (connector, codecs, filters);
	 * the base URL, user agent and the size limit of answers come from the settings
	 * @param settings the client's settings
	 * @param resilience the retry, limiter and coordination the client shares with others
	 * @param observationRegistry where calls are observed
	 * @param observationConvention the names and tags of the observations, or {@code null} for the default
	 * @param stats the client's counters
	 */
	EpithreHttp(WebClient.Builder webClientBuilder, EpithreClientSettings settings, EpithreResilience resilience,
			ObservationRegistry observationRegistry, @Nullable EpithreObservationConvention observationConvention,
			EpithreClientStats stats) {
		this.webClient = webClientBuilder.clone()
			.baseUrl(settings.baseUrl())
			.defaultHeader("user-agent", settings.userAgent())
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_IN_MEMORY_SIZE))
			.build();
		this.settings = settings;
		this.resilience = resilience;
		this.defaultTarget = CallTarget.of(settings.apiKey(), Map.of(),
				resilience.limiter(settings.apiKey(), settings.concurrency()));
		this.observation = new CallObservation.Setup(observationRegistry, observationConvention, stats);
		this.uriBuilderFactory = new DefaultUriBuilderFactory(settings.baseUrl());
		this.events = new SseEvents(settings.maxEventSizeBytes());
		URI baseUrl = URI.create(settings.baseUrl());
		this.serverAddress = (baseUrl.getHost() != null) ? baseUrl.getHost() : "unknown";
		this.serverPort = (baseUrl.getPort() != -1) ? baseUrl.getPort()
				: "http".equalsIgnoreCase(baseUrl.getScheme()) ? 80 : 443;
	}

	/**
	 * Return a {@code WebClient} for endpoints the client does not model: the client's base URL, user agent, codecs
	 * and connector, with the client's key added to each request that has no {@code Authorization} of its own.
	 * @return the web client
	 */
	WebClient webClient() {
		WebClient keyed = this.keyedWebClient;
		if (keyed == null) {
			String apiKey = this.settings.apiKey();
			keyed = this.webClient.mutate()
				.filter((request, next) -> (apiKey == null || request.headers().containsHeader("authorization"))
						? next.exchange(request)
						: next.exchange(ClientRequest.from(request).headers((headers) -> headers.setBearerAuth(apiKey))
							.build()))
				.build();
			this.keyedWebClient = keyed;
		}
		return keyed;
	}

	/**
	 * Return the key, limiter and request headers of a call: the client's own unless the call names another key or
	 * extra headers.
	 */
	private CallTarget target(RequestOptions options) {
		String apiKey = options.apiKey();
		if (apiKey == null && options.headers().isEmpty()) {
			return this.defaultTarget;
		}
		if (apiKey == null || apiKey.equals(this.settings.apiKey())) {
			return CallTarget.of(this.settings.apiKey(), options.headers(), this.defaultTarget.limiter());
		}
		return CallTarget.of(apiKey, options.headers(), this.resilience.limiter(apiKey, this.settings.concurrency()));
	}

	public EpithreClientSettings settings() {
		return this.settings;
	}

	/**
	 * Return the concurrency limiter of this client's API key.
	 * @return the limiter
	 */
	public KeyConcurrencyLimiter limiter() {
		return this.defaultTarget.limiter();
	}

	/**
	 * Return the statistics this client records.
	 * @return the statistics
	 */
	public EpithreClientStats stats() {
		return this.observation.stats();
	}

	/**
	 * Return the shared resilience this client's calls go through.
	 * @return the resilience
	 */
	public EpithreResilience resilience() {
		return this.resilience;
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
		return exchange(HttpMethod.GET, path, null, null, type, options, null, true, null);
	}

	/**
	 * Send a JSON {@code POST} and decode the JSON answer.
	 * @param <T> the answer type
	 * @param path path below the base URL
	 * @param body the request body
	 * @param type the answer type
	 * @param options per-call overrides
	 * @param model the model addressed, for the shared {@code backend_busy} back-off
	 * @param idempotent whether sending the request twice is harmless
	 * @return the answer
	 */
	public <T> Mono<T> post(String path, Object body, Class<T> type, RequestOptions options, @Nullable String model,
			boolean idempotent) {
		return send(HttpMethod.POST, path, BodyInserters.fromValue(body), MediaType.APPLICATION_JSON, type, options,
				model, idempotent);
	}
	/**
	 * Send a JSON {@code POST} and decode the JSON answer, then check it with what the call knows about it (such as
	 * one vector per input), so that a check failing names the answer's request id.
	 * @param <T> the answer type
	 * @param path path below the base URL
	 * @param body the request body
	 * @param type the answer type
	 * @param options per-call overrides
	 * @param model the model addressed, or {@code null}
	 * @param idempotent whether the call may be sent again after a server error
	 * @param check returns the answer, or throws an {@code EpithreException} naming what is wrong; given the answer
	 * and its request id
	 * @return the checked answer
	 */
	public <T> Mono<T> post(String path, Object body, Class<T> type, RequestOptions options, @Nullable String model,
			boolean idempotent, BiFunction<T, @Nullable String, T> check) {
		return exchange(HttpMethod.POST, path, BodyInserters.fromValue(body), MediaType.APPLICATION_JSON, type,
				options, model, idempotent, check);
	}


	/**
	 * Send a request with any body (JSON, multipart, none) and decode the JSON answer, with the same errors, retry,
	 * limiter, timeouts and observation as every other call.
	 * @param <T> the answer type
	 * @param method the HTTP method
	 * @param path path below the base URL
	 * @param body the body, or {@code null} for none
	 * @param contentType the body's content type, or {@code null} to let the inserter decide (multipart)
	 * @param type the answer type
	 * @param options per-call overrides
	 * @param model the model addressed, for the shared {@code backend_busy} back-off
	 * @param idempotent whether sending the request twice is harmless
	 * @return the answer
	 */
	public <T> Mono<T> send(HttpMethod method, String path, @Nullable BodyInserter<?, ? super ClientHttpRequest> body,
			@Nullable MediaType contentType, Class<T> type, RequestOptions options, @Nullable String model,
			boolean idempotent) {
		return exchange(method, path, body, contentType, type, options, model, idempotent, null);
	}

	private <T> Mono<T> exchange(HttpMethod method, String path,
			@Nullable BodyInserter<?, ? super ClientHttpRequest> body, @Nullable MediaType contentType, Class<T> type,
			RequestOptions options, @Nullable String model, boolean idempotent,
			@Nullable BiFunction<T, @Nullable String, T> check) {
		String operation = method.name() + " " + path;
		CallContext call = new CallContext(operation, model, false, idempotent);
		// docs/epithre-api.md, models: /v1/models ignores the key and has no per-key limit, so it never waits for the
		// key's permits (a health check must not fail because the application is busy)
		CallTarget called = target(options);
		CallTarget target = (method == HttpMethod.GET && isModels(path))
				? called.withLimiter(this.resilience.limiter(null, this.settings.concurrency())) : called;
		return Mono.deferContextual((view) -> {
			CallObservation observation = CallObservation.start(this.observation, operation,
					observationContext(path, model, false), view);
			return observation.scoped(resilient(call, options, target.limiter(), (trace) -> {
				observation.attemptStarted();
				CallState state = new CallState(operation, trace, target.keyPrefix());
				WebClient.RequestBodySpec spec = this.webClient.method(method)
					.uri(path)
					.accept(MediaType.APPLICATION_JSON)
					.httpRequest(target.request());
				if (contentType != null) {
					spec.contentType(contentType);
				}
				WebClient.RequestHeadersSpec<?> request = (body != null) ? spec.body(body) : spec;
				Mono<Object> answer = request.exchangeToMono((response) -> {
					state.responded(response);
					json(response);
					observation.responded(state.requestId, response.statusCode().is2xxSuccessful());
					if (!response.statusCode().is2xxSuccessful()) {
						return error(response, state);
					}
					return response.bodyToMono(type)
						.<Object>map((value) -> (check != null) ? check.apply(value, state.requestId) : value)
						.switchIfEmpty(Mono.error(() -> new EpithreInvalidResponseException(
								"Epithre " + operation + " returned an empty body [request id " + state.requestId + "]",
								state.requestId, null)));
				});
				return this.<T>timedAndObserved(answer.flux(), state, options, observation);
			}).single());
		});
	}

	/**
	 * Send a JSON {@code POST} that answers with {@code text/event-stream} and decode each event's JSON data until
	 * {@code data: [DONE]} (docs/epithre-api.md, streaming). An error event becomes an {@link
	 * EpithreStreamErrorEventException};
	 * a body that ends without {@code [DONE]} an {@link EpithreStreamException}. Cancelling the returned flux closes
	 * the connection. Failures are retried only before the first event was delivered.
	 * @param <T> the event type
	 * @param path path below the base URL
	 * @param body the request body
	 * @param type the event type
	 * @param options per-call overrides
	 * @param model the model addressed, for the shared {@code backend_busy} back-off
	 * @return the events
	 */
	public <T> Flux<T> stream(String path, Object body, Class<T> type, RequestOptions options, @Nullable String model) {
		StreamNames names = streamNames(path);
		String operation = names.operation();
		CallContext call = new CallContext(operation, model, true, true);
		CallTarget target = target(options);
		return Flux.deferContextual((view) -> {
			CallObservation observation = CallObservation.start(this.observation, operation,
					new EpithreObservationContext(names.operationName(), model, true, this.serverAddress,
							this.serverPort),
					view);
			return observation.scoped(resilient(call, options, target.limiter(), (trace) -> {
				observation.attemptStarted();
				CallState state = new CallState(operation, trace, target.keyPrefix());
				Flux<Object> events = this.webClient.post()
					.uri(names.uri())
					.attribute(URI_TEMPLATE_ATTRIBUTE, names.uriTemplate())
					.httpRequest(target.streamRequest())
					.bodyValue(body)
					.exchangeToFlux((response) -> {
						state.responded(response);
						observation.responded(state.requestId, response.statusCode().is2xxSuccessful());
						if (!response.statusCode().is2xxSuccessful()) {
							return this.error(response, state).flux();
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
						return this.events.decode(Flux.from(response.body(BODY)), type, state, json(response),
								state.keyPrefix);
					});
				return this.<T>timedAndObserved(events, state, options, observation);
			}), CallObservation.Items.CHUNKS);
		});
	}

	/**
	 * Send a {@code GET} and stream the answer's raw bytes (e.g. file content); the subscriber releases each buffer.
	 * A failure is retried only before the first buffer was delivered; the stream idle timeout applies between
	 * buffers.
	 * @param path path below the base URL
	 * @param options per-call overrides
	 * @return the body's buffers
	 */
	public Flux<DataBuffer> download(String path, RequestOptions options) {
		String operation = "GET " + path;
		CallContext call = new CallContext(operation, null, false, true);
		CallTarget target = target(options);
		return Flux.deferContextual((view) -> {
			CallObservation observation = CallObservation.start(this.observation, operation,
					observationContext(path, null, false), view);
			return observation.scoped(resilient(call, options, target.limiter(), (trace) -> {
				observation.attemptStarted();
				CallState state = new CallState(operation, trace, target.keyPrefix());
				Flux<Object> body = this.webClient.get()
					.uri(path)
					.accept(MediaType.ALL)
					.httpRequest(target.request())
					.exchangeToFlux((response) -> {
						state.responded(response);
						observation.responded(state.requestId, response.statusCode().is2xxSuccessful());
						if (!response.statusCode().is2xxSuccessful()) {
							return this.error(response, state).flux();
						}
						return Flux.from(response.body(BODY));
					});
				return this.<DataBuffer>timedAndObserved(body, state, options, observation);
			}), CallObservation.Items.BYTES);
		});
	}


	private EpithreObservationContext observationContext(String path, @Nullable String model, boolean stream) {
		return new EpithreObservationContext(operationName(path), model, stream, this.serverAddress, this.serverPort);
	}

	/**
	 * The names and URI of a streamed path, built once rather than on every stream: {@code uri(String)} expands the
	 * template twice per call (a quarter of what subscribing to a stream allocates) and each stream would hold its own
	 * copy of the URI and its strings for as long as it lasts. The template attribute is set as
	 * {@code uri(String)} sets it.
	 */
	private StreamNames streamNames(String path) {
		StreamNames names = this.streamNames;
		if (names == null || !names.path().equals(path)) {
			UriBuilder uri = this.uriBuilderFactory.uriString(path);
			names = new StreamNames(path, "POST " + path + " (stream)", operationName(path), uri.toUriString(),
					uri.build());
			this.streamNames = names;
		}
		return names;
	}

	/**
	 * The {@code gen_ai.operation.name} of a path: its first segment, so {@code /chat/completions} is {@code chat} and
	 * {@code /embeddings} is {@code embeddings}, as in the OpenTelemetry {@code gen_ai} conventions.
	 */
	static String operationName(String path) {
		String trimmed = path.startsWith("/") ? path.substring(1) : path;
		int end = trimmed.length();
		for (int i = 0; i < trimmed.length(); i++) {
			char c = trimmed.charAt(i);
			if (c == '/' || c == '?') {
				end = i;
				break;
			}
		}
		return trimmed.substring(0, end).toLowerCase(Locale.ROOT);
	}

	private static boolean isModels(String path) {
		return path.equals("/models") || path.startsWith("/models/") || path.startsWith("/models?");
	}

	private <T> Flux<T> resilient(CallContext call, RequestOptions options, KeyConcurrencyLimiter limiter,
			Function<CallTrace, Flux<T>> attempt) {
		RetryPolicy policy = (options.retry() != null) ? options.retry() : this.settings.retry();
		Duration total = (options.totalTimeout() != null) ? options.totalTimeout() : this.settings.totalTimeout();
		return Flux.defer(() -> {
			CallTrace trace = new CallTrace();
			Flux<T> decorated = this.resilience.decorate(() -> attempt.apply(trace), call, policy,
					options.retry() != null, limiter);
			if (total == null) {
				return decorated;
			}
			// one timer for the whole call, retries included; it never fires once the answer is complete. Whichever of
			// the call's end and the timer comes first decides (0: open, 1: ended, 2: expired).
			AtomicInteger decided = new AtomicInteger();
			Mono<Long> expiry = Mono.delay(total).filter((tick) -> !trace.done && decided.compareAndSet(0, 2));
			return decorated.doOnTerminate(() -> decided.compareAndSet(0, 1))
				.takeUntilOther(expiry.concatWith(Mono.never()))
				.concatWith(Mono.defer(() -> (decided.get() == 2) ? Mono.error(
						new EpithreTimeoutException(call.operation(), Timeout.TOTAL, total, trace.requestId))
						: Mono.empty()));
		});
	}

	private Mono<Object> error(ClientResponse response, CallState state) {
		JsonReader json = json(response);
		String retryAfter = response.headers().asHttpHeaders().getFirst("Retry-After");
		int status = response.statusCode().value();
		return response.bodyToMono(byte[].class)
			.defaultIfEmpty(new byte[0])
			.flatMap((bytes) -> Mono.error(ErrorMapper.fromResponse(status, bytes, state.requestId, retryAfter,
					state.keyPrefix, state.operation, json)));
	}

	/**
	 * Apply the attempt's timeouts, turn its errors into Epithre exceptions and report its end to the observation: the
	 * response timeout until the first item, the idle timeout from each item to the next, and after a stream's
	 * {@code [DONE]} a short grace for the body to end, so that the connection goes back to the pool, before the
	 * attempt is cut off and completed.
	 * <p>
	 * The timeouts are watched by one periodic check per attempt ({@link AttemptDeadline}) rather than by
	 * {@code timeout(...)} with a timer per item: a stream then pays a clock read per chunk, not a timer scheduled and
	 * cancelled on the shared scheduler (measured in {@code benchmarks/}: most of the client's CPU per chunk at a
	 * thousand open streams). A timeout is noticed within an eighth of its length (checked at least every second, at
	 * most every 10 ms).
	 */
	@SuppressWarnings("unchecked")
	private <T> Flux<T> timedAndObserved(Flux<Object> attempt, CallState state, RequestOptions options,
			CallObservation observation) {
		Duration response = (options.responseTimeout() != null) ? options.responseTimeout()
				: this.settings.responseTimeout();
		Duration idle = (options.streamIdleTimeout() != null) ? options.streamIdleTimeout()
				: this.settings.streamIdleTimeout();
		return Flux.defer(() -> {
			AttemptDeadline deadline = new AttemptDeadline(state, response, idle, DONE_GRACE);
			return attempt.<T>handle((item, sink) -> {
				deadline.itemArrived();
				if (item != SseEvents.DONE) {
					sink.next((T) item);
				}
			})
				.doOnTerminate(deadline::ended)
				.takeUntilOther(deadline.expiry())
				.concatWith(Mono.defer(deadline::<T>outcome))
				.onErrorResume((ex) -> (state.trace.done) ? Mono.<T>empty() : Mono.<T>error(translate(ex, state)))
				.tap(() -> new DefaultSignalListener<T>() {

					@Override
					public void doOnError(Throwable error) {
						observation.attemptFailed(error);
					}

					@Override
					public void doOnComplete() {
						observation.attemptCompleted();
					}

					@Override
					public void doOnCancel() {
						observation.attemptCancelled();
					}

				});
		});
	}

	private Throwable translate(Throwable ex, CallState state) {
		if (ex instanceof EpithreException) {
			return ex;
		}
		// a local check failing while a body streams out (an upload over its size limit) keeps its own message
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof LocalLimitException) {
				return cause;
			}
		}
		EpithreTransportException poolFailure = EpithrePoolExhaustedException.fromPoolFailure(ex, state.operation, null,
				-1);
		if (poolFailure != null) {
			return poolFailure;
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

	/**
	 * Return the JSON codec of the {@code WebClient}, as learnt from its first response, or Spring's defaults before
	 * any response arrived.
	 * @return the codec
	 */
	public JsonReader jsonCodec() {
		JsonReader json = this.json;
		return (json != null) ? json : JsonReader.from(ExchangeStrategies.withDefaults());
	}

	private JsonReader json(ClientResponse response) {
		JsonReader json = this.json;
		if (json == null) {
			json = JsonReader.from(response.strategies());
			this.json = json;
		}
		return json;
	}

	/**
	 * A streamed path with its operation (for errors and logs), its {@code gen_ai.operation.name}, and its URI below
	 * the base URL with the template {@code WebClient} would record for it.
	 */
	private record StreamNames(String path, String operation, String operationName, String uriTemplate, URI uri) {
	}

}
