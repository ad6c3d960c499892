package com.epithre.client.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.slf4j.MDC;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.Usage;
import com.epithre.client.embedding.EmbeddingResponse;
import com.epithre.client.embedding.EmbeddingUsage;
import com.epithre.client.error.EpithreApiException;
import com.epithre.client.error.EpithreBulkheadFullException;
import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreServerException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamException;
import com.epithre.client.error.EpithreTransportException;
import com.epithre.client.observation.DefaultEpithreObservationConvention;
import com.epithre.client.observation.EpithreClientStats;
import com.epithre.client.observation.EpithreObservationContext;
import com.epithre.client.observation.EpithreObservationConvention;
import com.epithre.client.observation.EpithreObservationDocumentation;

/**
 * The observation of one operation and what its attempts report into it and into the client's
 * {@link EpithreClientStats}. It starts at subscription, stops before the subscriber sees the terminal signal (or on
 * cancellation), is the parent of the attempts' own HTTP observations, and is current, together with the
 * {@value #MDC_REQUEST_ID} MDC entry, while a result, chunk, error or completion is handed to the subscriber.
 */
final class CallObservation {

	/** MDC key holding the {@code X-Request-ID} while a signal of the call is delivered. */
	static final String MDC_REQUEST_ID = "epithre.request_id";

	/**
	 * Reactor context key of the current observation: {@code ObservationThreadLocalAccessor.KEY}, written out so that
	 * Micrometer's context-propagation library need not be on the classpath.
	 */
	static final String OBSERVATION_KEY = "micrometer.observation";

	private final EpithreObservationContext context;

	private final Observation observation;

	private final EpithreClientStats stats;

	private final String operation;

	private final long startNanos = System.nanoTime();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final AtomicInteger attempts = new AtomicInteger();

	private volatile @Nullable Throwable lastFailure;

	private volatile boolean answered;

	private CallObservation(EpithreObservationContext context, Observation observation, EpithreClientStats stats,
			String operation) {
		this.context = context;
		this.observation = observation;
		this.stats = stats;
		this.operation = operation;
	}

	/**
	 * Start the observation of an operation, child of the observation in the subscriber's Reactor context or, failing
	 * that, of the current one.
	 */
	static CallObservation start(Setup setup, String operation, EpithreObservationContext context, ContextView view) {
		Observation observation = EpithreObservationDocumentation.OPERATION.observation(setup.convention(),
				DefaultEpithreObservationConvention.INSTANCE, () -> context, setup.registry());
		if (!observation.isNoop()) {
			Object parent = view.getOrDefault(OBSERVATION_KEY, null);
			Observation current = (parent instanceof Observation inContext) ? inContext
					: setup.registry().getCurrentObservation();
			if (current != null) {
				observation.parentObservation(current);
			}
		}
		observation.start();
		return new CallObservation(context, observation, setup.stats(), operation);
	}

	EpithreObservationContext context() {
		return this.context;
	}

	// attempts

	void attemptStarted() {
		int attempt = this.attempts.incrementAndGet();
		Throwable previous = this.lastFailure;
		if (attempt > 1 && previous != null) {
			this.context.addRetry(retryCause(previous));
		}
		this.answered = false;
	}

	void responded(@Nullable String requestId, boolean success) {
		if (requestId != null) {
			this.context.setRequestId(requestId);
		}
		this.answered = success;
	}

	void attemptFailed(Throwable failure) {
		this.lastFailure = failure;
		EpithreApiException api = apiError(failure);
		if (api != null && (api.getStatusCode() == 429 || api instanceof EpithreRateLimitException)) {
			String code = (api.getCode() != null && !api.getCode().isBlank()) ? api.getCode() : "unknown";
			this.context.addRateLimited(code);
			this.stats.recordRateLimited(code);
		}
		if (failure instanceof EpithreException epithre && epithre.getRequestId() != null) {
			int status = (api != null) ? api.getStatusCode() : 0;
			String code = (api != null && api.getCode() != null) ? api.getCode() : failure.getClass().getSimpleName();
			this.stats.recordError(epithre.getRequestId(), status, code, this.operation);
		}
		if (this.context.getRequestModel() != null) {
			this.stats.recordCall(api instanceof EpithreRateLimitException rateLimit
					&& rateLimit.getReason() == EpithreRateLimitException.Reason.BACKEND_BUSY);
		}
	}

	void attemptCompleted() {
		if (this.context.getRequestModel() != null) {
			this.stats.recordCall(false);
		}
	}

	void attemptCancelled() {
		// a stream cancelled after a 2xx answer was a healthy call; one cancelled before any answer says nothing
		if (this.context.getRequestModel() != null && this.answered) {
			this.stats.recordCall(false);
		}
	}

	// the operation

	void delivered(@Nullable Object item) {
		if (this.context.isStream() && this.context.incrementChunks() == 1) {
			this.context.setTimeToFirstChunk(Duration.ofNanos(System.nanoTime() - this.startNanos));
		}
		if (item instanceof ChatCompletion completion) {
			this.context.setUsage(completion.usage());
			this.context.setResponseId(completion.id());
			this.context.setResponseModel(completion.model());
		}
		else if (item instanceof EmbeddingResponse embeddings) {
			EmbeddingUsage usage = embeddings.usage();
			if (usage != null) {
				// embeddings bill input tokens only (docs/epithre-api.md, embeddings)
				this.context.setUsage(new Usage(usage.promptTokens(), null, usage.totalTokens(), null, null, null));
			}
			this.context.setResponseModel(embeddings.model());
		}
		else if (item instanceof ChatCompletionChunk chunk) {
			if (chunk.usage() != null) {
				this.context.setUsage(chunk.usage());
			}
			if (chunk.id() != null && this.context.getResponseId() == null) {
				this.context.setResponseId(chunk.id());
			}
			if (chunk.model() != null && this.context.getResponseModel() == null) {
				this.context.setResponseModel(chunk.model());
			}
		}
	}

	void succeeded(@Nullable Object item) {
		if (item != null) {
			delivered(item);
		}
		stop();
	}

	void completed() {
		stop();
	}

	void failed(Throwable error) {
		if (error instanceof EpithreBulkheadFullException) {
			this.stats.recordBulkheadRejection();
		}
		if (this.stopped.compareAndSet(false, true)) {
			this.observation.error(error);
			this.observation.stop();
		}
	}

	void cancelled() {
		if (this.stopped.compareAndSet(false, true)) {
			this.context.setCancelled(true);
			this.observation.stop();
		}
	}

	private void stop() {
		if (this.stopped.compareAndSet(false, true)) {
			this.observation.stop();
		}
	}

	/**
	 * Make this observation the parent of what runs upstream (the WebClient exchange and its own observation); a no-op
	 * observation adds no operator.
	 */
	private <T> Flux<T> parentOf(Flux<T> upstream) {
		return this.observation.isNoop() ? upstream
				: upstream.contextWrite((context) -> context.put(OBSERVATION_KEY, this.observation));
	}

	private <T> Mono<T> parentOf(Mono<T> upstream) {
		return this.observation.isNoop() ? upstream
				: upstream.contextWrite((context) -> context.put(OBSERVATION_KEY, this.observation));
	}

	/**
	 * Record the operation's signals and deliver each to the subscriber with this observation in scope and the request
	 * id in the MDC, in one operator: the observation stops before the subscriber sees the end (docs/building.md,
	 * observations), or on cancellation. The observation is also the parent of what runs upstream.
	 * @param source the operation's items
	 * @param items what the items are, and so what each of them records
	 * @return the items, observed
	 */
	<T> Flux<T> scoped(Flux<T> source, Items items) {
		// a plain operator rather than Operators.lift, which builds a lifter and its name on every call
		return new FluxOperator<T, T>(parentOf(source)) {

			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				this.source.subscribe(new ScopedSubscriber<>(actual, CallObservation.this, items));
			}

		};
	}

	/**
	 * Record the operation's one result as {@link #scoped(Flux, Items)} does.
	 * @param source the operation's result
	 * @return the result, observed
	 */
	<T> Mono<T> scoped(Mono<T> source) {
		return new MonoOperator<T, T>(parentOf(source)) {

			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				this.source.subscribe(new ScopedSubscriber<>(actual, CallObservation.this, Items.RESULT));
			}

		};
	}

	private Scope openScope() {
		Observation.Scope scope = this.observation.isNoop() ? null : this.observation.openScope();
		String requestId = this.context.getRequestId();
		String previous = null;
		if (requestId != null) {
			previous = MDC.get(MDC_REQUEST_ID);
			MDC.put(MDC_REQUEST_ID, requestId);
		}
		String restore = previous;
		return () -> {
			if (requestId != null) {
				restoreRequestId(restore);
			}
			if (scope != null) {
				scope.close();
			}
		};
	}

	private static void restoreRequestId(@Nullable String previous) {
		if (previous != null) {
			MDC.put(MDC_REQUEST_ID, previous);
		}
		else {
			MDC.remove(MDC_REQUEST_ID);
		}
	}

	private static @Nullable EpithreApiException apiError(Throwable failure) {
		if (failure instanceof EpithreStreamErrorEventException event) {
			return event.getApiError();
		}
		return (failure instanceof EpithreApiException api) ? api : null;
	}

	/**
	 * The cause under which {@code EpithreResilience} counts the retry of this failure (see {@code RetryDecider}):
	 * only called for a failure that was retried.
	 */
	static String retryCause(Throwable failure) {
		EpithreApiException api = apiError(failure);
		if (api instanceof EpithreRateLimitException rateLimit) {
			return switch (rateLimit.getReason()) {
				case RPM -> "rpm_exceeded";
				case RPD -> "rpd_exceeded";
				case CONCURRENCY -> "concurrency_exceeded";
				case BACKEND_BUSY -> "backend_busy";
				case OTHER -> "rate_limit";
			};
		}
		if (api instanceof EpithreServerException server) {
			return switch (server.getStatusCode()) {
				case 503 -> "backend_unavailable";
				case 504 -> "backend_timeout";
				default -> "server_error";
			};
		}
		if (failure instanceof EpithreStreamException) {
			return "stream_broken";
		}
		if (failure instanceof EpithreTransportException) {
			return "connection";
		}
		return failure.getClass().getSimpleName();
	}

	/**
	 * What every observation of a client needs.
	 */
	record Setup(ObservationRegistry registry, @Nullable EpithreObservationConvention convention,
			EpithreClientStats stats) {
	}

	@FunctionalInterface
	private interface Scope extends AutoCloseable {

		@Override
		void close();

	}

	/**
	 * What the items of an operation are.
	 */
	enum Items {

		/** Chunks of a stream: each is recorded, the observation stops at the end. */
		CHUNKS,

		/** The one result of a call: the observation stops with it. */
		RESULT,

		/** Raw buffers of a download: not recorded one by one. */
		BYTES

	}

	private static final class ScopedSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final CallObservation call;

		private final Items items;

		private @Nullable Subscription subscription;

		ScopedSubscriber(CoreSubscriber<? super T> actual, CallObservation call, Items items) {
			this.actual = actual;
			this.call = call;
			this.items = items;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
			this.actual.onSubscribe(this);
		}

		@Override
		public void onNext(T item) {
			switch (this.items) {
				case CHUNKS -> this.call.delivered(item);
				case RESULT -> this.call.succeeded(item); // stopped before the subscriber gets the value
				case BYTES -> {
				}
			}
			if (!this.call.observation.isNoop()) {
				try (Scope scope = this.call.openScope()) {
					this.actual.onNext(item);
				}
				return;
			}
			// per chunk, without an observation scope: only the MDC, and nothing allocated
			String requestId = this.call.context.getRequestId();
			if (requestId == null) {
				this.actual.onNext(item);
				return;
			}
			String previous = MDC.get(MDC_REQUEST_ID);
			MDC.put(MDC_REQUEST_ID, requestId);
			try {
				this.actual.onNext(item);
			}
			finally {
				restoreRequestId(previous);
			}
		}

		@Override
		public void onError(Throwable error) {
			this.call.failed(error);
			try (Scope scope = this.call.openScope()) {
				this.actual.onError(error);
			}
		}

		@Override
		public void onComplete() {
			this.call.completed();
			try (Scope scope = this.call.openScope()) {
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.request(n);
			}
		}

		@Override
		public void cancel() {
			this.call.cancelled();
			Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.cancel();
			}
		}

	}

}
