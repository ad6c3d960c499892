package com.epithre.test;

import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A real HTTP fake of the Epithre API on a loopback port, for tests and offline demos.
 *
 * <p>
 * Each request is recorded, then answered by the {@link Dispatcher} if one is set and returns a response, else by the
 * head of the queue if it {@linkplain FakeResponse#forPath(String) matches} the path, else by the default behaviour:
 * <ul>
 * <li>{@code GET /v1/models} and {@code GET /v1/models/{id}}: the six models of docs/epithre-api.md, models, no
 * authentication
 * (a wrong key is ignored), 404 {@code model_not_found} for an unknown id;</li>
 * <li>every other {@code /v1/*} path needs {@code Authorization: Bearer <key>}: a missing header, a missing
 * {@code Bearer } prefix, a key containing whitespace or, with {@link #requireApiKey(String)}, another key get 401
 * {@code authentication_error};</li>
 * <li>{@code POST /v1/chat/completions}: 413 over 1 MB, 400 for invalid JSON, an unknown or missing chat model
 * ({@code model_not_found}) or empty {@code messages}, 429 {@code concurrency_exceeded} when the key already has
 * {@link #concurrencyCap(int)} requests in flight (as embeddings, rerank and retrieval do), otherwise the
 * completion of docs/epithre-api.md, chat (or a stream, see streaming) with {@link #defaultReply(String)} as text, or
 * a tool call
 * when {@code tool_choice} forces one;</li>
 * <li>{@code POST /v1/embeddings}: 413 over 25 MB, 400 for a model other than {@code epithre-embed}, malformed
 * input, over 64 texts or 8 images, {@code dimensions} outside 1-4000 or an unknown {@code truncate}; 422 for an
 * {@code instruction} with images or a text over 10,000 characters with {@code truncate: NONE}; otherwise the
 * deterministic unit vectors of {@link FakeEmbeddings}, longer texts cut and counted in {@code truncated_count};</li>
 * <li>{@code POST /v1/rerank}: 400 for a model other than {@code epithre-rerank} or other than 1-64 documents;
 * otherwise each document scored by the share of the query's words it contains, highest first;</li>
 * <li>{@code POST /v1/retrieval}: 400 without a query or with {@code top_k} outside 1-50; otherwise the chunks of
 * {@link #knowledge(String, String...)} (or a built-in set) ranked by word-count cosine similarity;</li>
 * <li>anything else: 404 with the error envelope.</li>
 * </ul>
 * Scripted responses skip validation, authentication and the cap, yet are recorded and counted in flight. A request
 * is in flight, under the key of its bearer token, from its arrival until its response is written or its connection
 * closed; requests refused with {@code concurrency_exceeded} are not counted. Every response carries an
 * {@code X-Request-ID}. Connections are kept alive; {@link #connectionCount()} tells how many a client opened, and
 * {@link #idleTimeout(Duration)} makes the server close idle ones, as a load balancer does.
 *
 * @since 0.1.0
 */
public final class FakeEpithreServer implements Closeable {

	/** Assistant text of the default chat completion. */
	public static final String DEFAULT_REPLY = "Hello from the fake Epithre server. "
			+ "Jakarta is the capital of Indonesia.";

	/** Default per-key cap of requests in flight (docs/epithre-api.md, limits and timeouts). */
	public static final int DEFAULT_CONCURRENCY_CAP = 10;

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	private static final AtomicInteger instances = new AtomicInteger();

	private final String threadPrefix = "fake-epithre-" + instances.incrementAndGet();

	private final Object lifecycleMonitor = new Object();

	private final Object queueMonitor = new Object();

	private final Deque<FakeResponse> queue = new ArrayDeque<>();

	private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();

	private final AtomicInteger requestCount = new AtomicInteger();

	private final InFlightCounters inFlight = new InFlightCounters();

	private final DisconnectCounter disconnects = new DisconnectCounter();

	private final ConnectionTracker connections = new ConnectionTracker();

	private final AtomicLong generation = new AtomicLong();

	private @Nullable LoopResources loops;

	private @Nullable DisposableServer server;

	private boolean closed;

	private volatile @Nullable Dispatcher dispatcher;

	private volatile int concurrencyCap = DEFAULT_CONCURRENCY_CAP;

	private volatile Duration streamChunkDelay = Duration.ZERO;

	private volatile String defaultReply = DEFAULT_REPLY;

	private volatile @Nullable String requiredApiKey;

	private final Map<String, List<String>> knowledge = new LinkedHashMap<>();

	private final BatchesEndpoint batches = new BatchesEndpoint(new FilesEndpoint());

	/**
	 * Create a server; it listens only once {@link #start()} is called.
	 */
	public FakeEpithreServer() {
	}

	/**
	 * Start listening on {@code 127.0.0.1} and a free port; calling it again does nothing.
	 * @return this server
	 * @throws IllegalStateException if the server was closed
	 */
	public FakeEpithreServer start() {
		return start(0);
	}

	/**
	 * Start listening on {@code 127.0.0.1} and the given port, for {@link FakeEpithreServerMain}.
	 * @param port the port, 0 for a free one
	 * @return this server
	 */
	FakeEpithreServer start(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
		}
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				throw new IllegalStateException("FakeEpithreServer was closed and cannot be restarted");
			}
			if (this.server == null) {
				// a small loop of its own, disposed in close(), so that no server threads outlive the server
				LoopResources loopResources = LoopResources.create(this.threadPrefix, 1, 2, true);
				try {
					this.server = HttpServer.create()
						.host("127.0.0.1")
						.port(port)
						.runOn(loopResources)
						.doOnChannelInit((observer, channel, remoteAddress) -> this.connections.opened(channel))
						.handle(this::handle)
						.bindNow(SHUTDOWN_TIMEOUT);
				}
				catch (RuntimeException ex) {
					loopResources.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT.multipliedBy(2));
					throw ex;
				}
				this.loops = loopResources;
			}
			return this;
		}
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 * @throws IllegalStateException if the server is not started
	 */
	public int port() {
		synchronized (this.lifecycleMonitor) {
			if (this.server == null) {
				throw new IllegalStateException("FakeEpithreServer is not started");
			}
			return this.server.port();
		}
	}

	/**
	 * Return the base URL to configure a client with, such as {@code http://127.0.0.1:40123/v1}.
	 * @return the base URL, including {@code /v1}
	 * @throws IllegalStateException if the server is not started
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + port() + "/v1";
	}

	/**
	 * Stop listening, close all connections and release the server's threads; calling it again does nothing.
	 */
	@Override
	public void close() {
		DisposableServer disposable;
		LoopResources loopResources;
		synchronized (this.lifecycleMonitor) {
			this.closed = true;
			disposable = this.server;
			loopResources = this.loops;
			this.server = null;
			this.loops = null;
		}
		if (disposable != null) {
			disposable.disposeNow(SHUTDOWN_TIMEOUT);
		}
		if (loopResources != null) {
			loopResources.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT.multipliedBy(2));
		}
	}

	/**
	 * Queue a response for a coming request; queued responses are used in order.
	 * @param response the response
	 * @return this server
	 */
	public FakeEpithreServer enqueue(FakeResponse response) {
		synchronized (this.queueMonitor) {
			this.queue.addLast(response);
		}
		return this;
	}

	/**
	 * Set the dispatcher asked before the queue and the defaults, or {@code null} to remove it.
	 * @param dispatcher the dispatcher or {@code null}
	 * @return this server
	 */
	public FakeEpithreServer setDispatcher(@Nullable Dispatcher dispatcher) {
		this.dispatcher = dispatcher;
		return this;
	}

	/**
	 * Set how many requests of one key may be in flight before the default chat completion answers 429
	 * {@code concurrency_exceeded} (docs/epithre-api.md, limits and timeouts: 10 by default).
	 * @param cap the cap, at least 1
	 * @return this server
	 */
	public FakeEpithreServer concurrencyCap(int cap) {
		if (cap < 1) {
			throw new IllegalArgumentException("Concurrency cap must be at least 1, got " + cap);
		}
		this.concurrencyCap = cap;
		return this;
	}

	/**
	 * Set the pause between two events of the default chat stream (none by default).
	 * @param delay the pause
	 * @return this server
	 */
	public FakeEpithreServer streamChunkDelay(Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("Stream chunk delay must not be negative: " + delay);
		}
		this.streamChunkDelay = delay;
		return this;
	}

	/**
	 * Set the assistant text of the default chat completion and stream; {@link #DEFAULT_REPLY} by default.
	 * @param reply the text
	 * @return this server
	 */
	public FakeEpithreServer defaultReply(String reply) {
		this.defaultReply = reply;
		return this;
	}

	/**
	 * Close a keep-alive connection once it has been idle (no request in progress) for this long, as a proxy or load
	 * balancer in front of the API does; {@code null} (the default) keeps idle connections open. Applies to
	 * connections from the moment they next become idle.
	 * @param timeout the idle time after which the server closes a connection, or {@code null}
	 * @return this server
	 */
	public FakeEpithreServer idleTimeout(@Nullable Duration timeout) {
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("Idle timeout must be positive: " + timeout);
		}
		this.connections.idleTimeout(timeout);
		return this;
	}

	/**
	 * Accept only the given API key on authenticated paths, or any key without whitespace when {@code null} (the
	 * default).
	 * @param apiKey the only accepted key or {@code null}
	 * @return this server
	 */
	public FakeEpithreServer requireApiKey(@Nullable String apiKey) {
		this.requiredApiKey = apiKey;
		return this;
	}

	/**
	 * Set how often the batch worker visits batches (docs/epithre-api.md, batches: every 5 s); a batch reads {@code
	 * validating}
	 * until the first visit, {@code in_progress} until the second, then {@code completed}. Zero completes a batch
	 * on its first read.
	 * @param cadence the cadence, 5 s by default
	 * @return this server
	 * @since 0.1.0
	 */
	public FakeEpithreServer batchWorkerCadence(Duration cadence) {
		if (cadence == null || cadence.isNegative()) {
			throw new IllegalArgumentException("cadence must not be negative");
		}
		this.batches.cadence(cadence);
		return this;
	}

	/**
	 * Set whether {@code POST /v1/webhooks} accepts loopback URLs such as {@code http://127.0.0.1:8080/hook}, so that
	 * deliveries reach an application under test; the real API refuses them (docs/epithre-api.md, webhooks). Off by
	 * default and
	 * after {@link #reset()}.
	 * @param allow whether loopback URLs are accepted
	 * @return this server
	 * @since 0.1.0
	 */
	public FakeEpithreServer allowLoopbackWebhooks(boolean allow) {
		this.batches.webhooks().allowLoopback(allow);
		return this;
	}

	/**
	 * Make registrations return this secret instead of a random {@code whsec_...}, so that an application under test
	 * can be configured with it before it registers; {@code null}, the default and after {@link #reset()}, for random
	 * secrets.
	 * @param secret the secret, or {@code null}
	 * @return this server
	 * @since 0.1.0
	 */
	public FakeEpithreServer webhookSecret(@Nullable String secret) {
		this.batches.webhooks().fixedSecret(secret);
		return this;
	}

	/**
	 * POST a webhook delivery the way Epithre does (docs/epithre-api.md, webhooks): body
	 * {@code {"event":..,"created":now,"data":..}}, signed with {@code secret} as given, with the
	 * {@code Epithre-Event}, {@code Epithre-Signature} and {@code User-Agent} headers; waits up to 10 s.
	 * @param url where to deliver
	 * @param secret the signing secret
	 * @param event the event name, such as {@code batch.completed}
	 * @param dataJson the JSON of {@code data}
	 * @return the HTTP status the endpoint answered
	 * @since 0.1.0
	 */
	public int deliverWebhook(String url, String secret, String event, String dataJson) {
		String body = WebhooksEndpoint.body(event, Instant.now().getEpochSecond(), dataJson);
		Integer status = WebhooksEndpoint.post(url, secret, event, body).block();
		if (status == null) {
			throw new IllegalStateException("No answer from " + url);
		}
		return status;
	}

	/**
	 * Set how long an uploaded knowledge file reads {@code uploaded} before {@code processed} (docs/epithre-api.md,
	 * files:
	 * usually under 30 s).
	 * @param delay the delay, zero by default
	 * @return this server
	 * @since 0.1.0
	 */
	public FakeEpithreServer fileProcessingDelay(Duration delay) {
		if (delay == null || delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative");
		}
		this.batches.files().processingDelay(delay);
		return this;
	}

	/**
	 * Add a knowledge file that the default {@code POST /v1/retrieval} searches (docs/epithre-api.md, retrieval), or
	 * replace the
	 * chunks of one added before. Until a test adds one, a small built-in set about Epithre is searched.
	 * @param fileId the file id, such as {@code file-abc}
	 * @param chunks the file's chunks, in order; {@code chunk_index} is the position here
	 * @return this server
	 */
	public FakeEpithreServer knowledge(String fileId, String... chunks) {
		if (fileId == null || fileId.isBlank()) {
			throw new IllegalArgumentException("fileId must not be empty");
		}
		synchronized (this.knowledge) {
			this.knowledge.put(fileId, List.of(chunks));
		}
		return this;
	}

	/**
	 * Wait for the next recorded request, in arrival order.
	 * @param timeout how long to wait
	 * @return the request, or {@code null} if none arrived in time (or the thread was interrupted)
	 */
	public @Nullable RecordedRequest takeRequest(Duration timeout) {
		try {
			return this.requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Return how many requests were received since start or the last {@link #reset()}, taken or not.
	 * @return the request count
	 */
	public int requestCount() {
		return this.requestCount.get();
	}

	/**
	 * Return how many requests with the given key are in flight now. The count drops on the server's event loop once
	 * the last byte is written, so right after a client has read a response it may still include it for a moment:
	 * poll (for example with Awaitility) rather than assert it at once.
	 * @param apiKey the bearer token
	 * @return the number in flight
	 */
	public int inFlight(String apiKey) {
		return this.inFlight.inFlight(apiKey);
	}

	/**
	 * Return the highest number of requests with the given key in flight at once since start or the last
	 * {@link #reset()}.
	 * @param apiKey the bearer token
	 * @return the peak
	 */
	public int peakInFlight(String apiKey) {
		return this.inFlight.peak(apiKey);
	}

	/**
	 * Return how many responses were cut short because the client closed the connection, such as a cancelled stream.
	 * @return the disconnect count since start or the last {@link #reset()}
	 */
	public int disconnectCount() {
		return this.disconnects.count();
	}

	/**
	 * Return how many TCP connections the server accepted since start or the last {@link #reset()}; a client that
	 * reuses pooled connections opens fewer than it sends requests.
	 * @return the accepted connection count
	 */
	public int connectionCount() {
		return this.connections.acceptedCount();
	}

	/**
	 * Return how many TCP connections are open now, idle keep-alive connections included.
	 * @return the open connection count
	 */
	public int openConnectionCount() {
		return this.connections.openCount();
	}

	/**
	 * Wait until at least {@code count} client disconnects were seen.
	 * @param count the number of disconnects to wait for
	 * @param timeout how long to wait
	 * @return whether the count was reached in time
	 */
	public boolean awaitDisconnects(int count, Duration timeout) {
		return this.disconnects.await(count, timeout);
	}

	/**
	 * Forget queued responses, recorded requests, counters and the dispatcher, and restore the default settings.
	 * Requests still in flight stay counted in {@link #inFlight(String)}, but they do not raise the peak and their
	 * disconnects do not count; open connections stay open and count in {@link #openConnectionCount()}.
	 */
	public void reset() {
		this.generation.incrementAndGet();
		synchronized (this.queueMonitor) {
			this.queue.clear();
		}
		this.requests.clear();
		this.requestCount.set(0);
		this.inFlight.resetPeaks();
		this.disconnects.reset();
		this.connections.resetCount();
		this.connections.idleTimeout(null);
		this.dispatcher = null;
		this.concurrencyCap = DEFAULT_CONCURRENCY_CAP;
		this.streamChunkDelay = Duration.ZERO;
		this.defaultReply = DEFAULT_REPLY;
		this.requiredApiKey = null;
		synchronized (this.knowledge) {
			this.knowledge.clear();
		}
		this.batches.reset();
		this.batches.files().reset();
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		AtomicReference<Channel> channel = new AtomicReference<>();
		response.withConnection((connection) -> {
			channel.set(connection.channel());
			this.connections.requestStarted(connection.channel());
		});
		return request.receive()
			.aggregate()
			.asByteArray()
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> exchange(request, response, channel.get(), body));
	}

	private Mono<Void> exchange(HttpServerRequest request, HttpServerResponse response, Channel channel, byte[] body) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.requestHeaders()
			.forEach((header) -> headers.computeIfAbsent(header.getKey(), (name) -> new ArrayList<>())
				.add(header.getValue()));
		RecordedRequest recorded = new RecordedRequest(request.method().name(), request.uri(), headers, body,
				Ids.requestId());
		this.requestCount.incrementAndGet();
		this.requests.add(recorded);
		String apiKey = recorded.apiKey();
		int cap = this.concurrencyCap;
		// in flight from arrival; one over the cap is counted later unless the default chat refuses it
		Exchange exchange = new Exchange(this.generation.get(), channel,
				(apiKey != null) ? this.inFlight.tryAdmit(apiKey, cap) : null);
		Mono<ResponsePlan> plan = scripted(recorded).map((scripted) -> admitScripted(scripted, apiKey, exchange))
			.switchIfEmpty(Mono.fromSupplier(() -> byDefault(recorded, exchange, cap)))
			.map((reply) -> reply.plan(recorded, this.streamChunkDelay));
		return ExchangeWriter.write(response, channel, plan, () -> releaseCounter(exchange),
				(disconnected) -> finish(exchange, disconnected));
	}

	private Mono<FakeResponse> scripted(RecordedRequest request) {
		Dispatcher current = this.dispatcher;
		Mono<FakeResponse> dispatched = Mono.empty();
		if (current != null) {
			dispatched = Mono.fromCallable(() -> dispatch(current, request));
			if (current.blocking()) {
				// off the event loop: a dispatcher may block, for example on a latch that holds a response back
				dispatched = dispatched.subscribeOn(Schedulers.boundedElastic());
			}
		}
		return dispatched.switchIfEmpty(Mono.fromSupplier(() -> {
			synchronized (this.queueMonitor) {
				FakeResponse head = this.queue.peekFirst();
				return (head != null && head.matches(request.path())) ? this.queue.pollFirst() : null;
			}
		}));
	}

	private static @Nullable FakeResponse dispatch(Dispatcher dispatcher, RecordedRequest request) {
		try {
			return dispatcher.dispatch(request);
		}
		catch (RuntimeException ex) {
			return FakeResponse.error(500, "backend_error", "backend_error", "Dispatcher failed: " + ex);
		}
	}

	private FakeResponse admitScripted(FakeResponse scripted, @Nullable String apiKey, Exchange exchange) {
		// scripted responses ignore the cap, yet count in flight
		if (apiKey != null && exchange.counter == null) {
			exchange.counter = this.inFlight.admit(apiKey);
		}
		return scripted;
	}

	private FakeResponse byDefault(RecordedRequest request, Exchange exchange, int cap) {
		DefaultApi.Outcome outcome = DefaultApi.respond(request, this.defaultReply, this.requiredApiKey, knowledge(),
				this.batches);
		String apiKey = request.apiKey();
		if (apiKey == null || exchange.counter != null) {
			return outcome.response();
		}
		if (outcome.capped()) {
			// docs/epithre-api.md, limits and timeouts: the key already has `cap` requests in flight
			return FakeResponse.error(429, "rate_limit_error", "concurrency_exceeded",
					"Too many concurrent requests for this API key (limit " + cap + ")");
		}
		exchange.counter = this.inFlight.admit(apiKey);
		return outcome.response();
	}

	/**
	 * A request stops counting as in flight when its last bytes are handed to the connection, before they are
	 * written: a client can only send its next request after reading them, so it never finds its finished request
	 * still counted against the cap.
	 */
	private static void releaseCounter(Exchange exchange) {
		InFlightCounters.Counter counter = Exchange.COUNTER.getAndSet(exchange, null);
		if (counter != null) {
			counter.release();
		}
	}

	private void finish(Exchange exchange, boolean disconnected) {
		releaseCounter(exchange);
		if (disconnected && exchange.generation == this.generation.get()) {
			this.disconnects.increment();
		}
		this.connections.responseFinished(exchange.channel);
	}

	private Map<String, List<String>> knowledge() {
		synchronized (this.knowledge) {
			return this.knowledge.isEmpty() ? RetrievalEndpoint.BUILT_IN
					: Collections.unmodifiableMap(new LinkedHashMap<>(this.knowledge));
		}
	}

	String threadPrefix() {
		return this.threadPrefix;
	}

	@Override
	public String toString() {
		synchronized (this.lifecycleMonitor) {
			return "FakeEpithreServer[" + ((this.server != null) ? baseUrl() : (this.closed ? "closed" : "not started"))
					+ "]";
		}
	}

	/**
	 * One request, its connection and the in-flight count it holds.
	 */
	private static final class Exchange {

		final long generation;

		final Channel channel;

		static final AtomicReferenceFieldUpdater<Exchange, InFlightCounters.Counter> COUNTER = AtomicReferenceFieldUpdater
			.newUpdater(Exchange.class,
						InFlightCounters.Counter.class, "counter");

		volatile InFlightCounters.@Nullable Counter counter;

		Exchange(long generation, Channel channel, InFlightCounters.@Nullable Counter counter) {
			this.generation = generation;
			this.channel = channel;
			this.counter = counter;
		}

	}

}
