package com.epithre.client.resilience;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.util.Assert;

import com.epithre.client.config.ApiKeys;
import com.epithre.client.config.Backoff;
import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.config.RetryPolicy;
import com.epithre.client.error.EpithreRateLimitException;
import com.epithre.client.error.EpithreStreamErrorEventException;

/**
 * Resilience shared by every client of an application: the Resilience4j registries holding the {@code epithre} retry
 * and one bulkhead per API key, the per-key limiters built on them, and the shared {@code backend_busy} windows. Give
 * the same instance to every client so that clients using one key share its limit.
 *
 * @since 0.1.0
 */
public final class EpithreResilience {

	/** Name of the Resilience4j retry used with the configured policy. */
	public static final String RETRY_NAME = "epithre";

	private final RetryRegistry retryRegistry;

	private final BulkheadRegistry bulkheadRegistry;

	private final Scheduler scheduler;

	private final BackendBusyGate gate;

	private final EpithreCoordinator coordinator;

	private final Map<String, KeyConcurrencyLimiter> limiters = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> retriesByCause = new ConcurrentHashMap<>();

	/**
	 * The registered retry and the policy it was last asked for, normally the configured one, so that a call does not
	 * build its config again.
	 */
	private volatile @Nullable PolicyRetry lastRetry;

	/** The config of the retry this instance registered, to tell it from one the application registered. */
	private volatile @Nullable RetryConfig registeredConfig;

	private EpithreResilience(RetryRegistry retryRegistry, BulkheadRegistry bulkheadRegistry, Scheduler scheduler,
			EpithreCoordinator coordinator) {
		this.retryRegistry = retryRegistry;
		this.bulkheadRegistry = bulkheadRegistry;
		this.scheduler = scheduler;
		this.coordinator = coordinator;
		this.gate = new BackendBusyGate(scheduler);
	}

	/**
	 * Create an instance with fresh registries, waiting on Reactor's parallel scheduler.
	 * @return the instance
	 */
	public static EpithreResilience create() {
		return create(RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), Schedulers.parallel());
	}

	/**
	 * Create an instance on given registries and the scheduler that times back-offs and permit waits.
	 * @param retryRegistry where the {@value #RETRY_NAME} retry lives
	 * @param bulkheadRegistry where the per-key bulkheads live
	 * @param scheduler times back-offs, shared windows and permit waits
	 * @return the instance
	 */
	public static EpithreResilience create(RetryRegistry retryRegistry, BulkheadRegistry bulkheadRegistry,
			Scheduler scheduler) {
		return create(retryRegistry, bulkheadRegistry, scheduler, EpithreCoordinator.local());
	}

	/**
	 * Create an instance whose per-key limits are also shared through a coordinator, such as Redis.
	 * @param retryRegistry where the {@value #RETRY_NAME} retry lives
	 * @param bulkheadRegistry where the per-key bulkheads live
	 * @param scheduler times back-offs, shared windows and permit waits
	 * @param coordinator shares the limits of each key beyond this instance
	 * @return the instance
	 */
	public static EpithreResilience create(RetryRegistry retryRegistry, BulkheadRegistry bulkheadRegistry,
			Scheduler scheduler, EpithreCoordinator coordinator) {
		Assert.notNull(retryRegistry, "retryRegistry must not be null");
		Assert.notNull(bulkheadRegistry, "bulkheadRegistry must not be null");
		Assert.notNull(scheduler, "scheduler must not be null");
		Assert.notNull(coordinator, "coordinator must not be null");
		return new EpithreResilience(retryRegistry, bulkheadRegistry, scheduler, coordinator);
	}

	public RetryRegistry getRetryRegistry() {
		return this.retryRegistry;
	}

	public BulkheadRegistry getBulkheadRegistry() {
		return this.bulkheadRegistry;
	}

	/**
	 * Return the coordinator sharing each key's limits beyond this instance.
	 * @return the coordinator, {@link EpithreCoordinator#local()} unless coordination is on
	 */
	public EpithreCoordinator getCoordinator() {
		return this.coordinator;
	}

	/**
	 * Return the limiter of an API key, creating it (and its bulkhead) on first use; later policies for the same key
	 * are ignored, the first one wins.
	 * @param apiKey the key, or {@code null} for calls without one
	 * @param policy the limit of the key
	 * @return the key's limiter
	 */
	public KeyConcurrencyLimiter limiter(@Nullable String apiKey, ConcurrencyPolicy policy) {
		String name = bulkheadName(apiKey);
		return this.limiters.computeIfAbsent(name, (key) -> {
			boolean user = this.bulkheadRegistry.getConfiguration(RETRY_NAME).isPresent();
			ConcurrencyPolicy applied = withUserBulkheadConfig(policy);
			BulkheadConfig config = BulkheadConfig.custom()
				.maxConcurrentCalls(applied.maxInFlight())
				.maxWaitDuration(Duration.ZERO)
				.build();
			// calls without a key (the model catalogue, which has no per-key limit) share nothing beyond this
			// instance: through the coordinator they would all draw on one cluster-wide budget
			EpithreCoordinator coordinator = (apiKey != null) ? this.coordinator : LocalCoordinator.INSTANCE;
			// the wait a caller gave up after comes from the application's config when there is one, not the property
			String maxWaitSetting = user ? "maxWaitDuration of the BulkheadConfig registered under " + RETRY_NAME
					: "epithre.concurrency.max-wait";
			return new KeyConcurrencyLimiter(this.bulkheadRegistry.bulkhead(name, config), coordinator, applied,
					(apiKey != null) ? ApiKeys.prefix(apiKey) : "(none)", this.scheduler, maxWaitSetting);
		});
	}

	/**
	 * Apply a {@code BulkheadConfig} the application registered under {@value #RETRY_NAME} in the bulkhead registry:
	 * its maximum of concurrent calls and its longest wait replace the policy's. The wait itself stays this client's
	 * non-blocking FIFO queue, since Resilience4j's bulkhead would block a thread to wait.
	 */
	private ConcurrencyPolicy withUserBulkheadConfig(ConcurrencyPolicy policy) {
		return this.bulkheadRegistry.getConfiguration(RETRY_NAME)
			.map((user) -> policy.withMaxInFlight(user.getMaxConcurrentCalls()).withMaxWait(user.getMaxWaitDuration()))
			.orElse(policy);
	}

	/**
	 * Return the limiters created so far, by bulkhead name.
	 * @return the limiters
	 */
	public Map<String, KeyConcurrencyLimiter> getLimiters() {
		return new TreeMap<>(this.limiters);
	}

	/**
	 * Return how many retries were made, by cause ({@code rpm_exceeded}, {@code backend_busy}, {@code connection},
	 * ...).
	 * @return retries by cause
	 */
	public Map<String, Long> getRetriesByCause() {
		Map<String, Long> counts = new TreeMap<>();
		this.retriesByCause.forEach((cause, adder) -> counts.put(cause, adder.sum()));
		return counts;
	}

	/**
	 * Forget what calls have learnt so far: open every model's {@code backend_busy} window and put every key's limit
	 * back to its configured maximum, handing the freed permits to waiting calls. Calls in flight keep their permits;
	 * registries, retry counts and the coordinator are left alone. Meant for tests that share one instance, such as
	 * the Spring test support resetting it after each test method.
	 */
	public void reset() {
		this.gate.reset();
		this.limiters.values().forEach(KeyConcurrencyLimiter::reset);
	}

	/**
	 * Decorate a call: wait out a {@code backend_busy} window of its model, hold a permit of the key for the whole
	 * attempt (a stream until it ends, fails or is cancelled), and retry failures as the policy says. Each attempt is
	 * a fresh subscription to {@code attempt}.
	 * <p>
	 * The retry is Resilience4j's {@link Retry} composed as its {@code RetryOperator} composes it
	 * ({@code retryWhen} driven by a {@link Retry.AsyncContext}), with the wait scheduled on this instance's
	 * scheduler rather than always on Reactor's parallel one. The policy decides per failure whether and after how
	 * long it is retried; a stream that delivered an item fails with its error as it is, never retried, since a
	 * second run would repeat tokens.
	 * @param <T> the element type
	 * @param attempt makes one attempt
	 * @param call what the call is
	 * @param policy the retry policy
	 * @param limiter the key's limiter
	 * @return the decorated call
	 */
	public <T> Flux<T> decorate(Supplier<Flux<T>> attempt, CallContext call, RetryPolicy policy,
			KeyConcurrencyLimiter limiter) {
		return decorate(attempt, call, policy, false, limiter);
	}

	/**
	 * Decorate a call as {@link #decorate(Supplier, CallContext, RetryPolicy, KeyConcurrencyLimiter)} does, with a
	 * policy given for this call only: its maximum of attempts wins over that of a {@code RetryConfig} the application
	 * registered under {@value #RETRY_NAME}, whose exception filter still applies.
	 * @param <T> the element type
	 * @param attempt makes one attempt
	 * @param call what the call is
	 * @param policy the retry policy
	 * @param perCall whether the policy was given for this call rather than configured for the client
	 * @param limiter the key's limiter
	 * @return the decorated call
	 */
	public <T> Flux<T> decorate(Supplier<Flux<T>> attempt, CallContext call, RetryPolicy policy, boolean perCall,
			KeyConcurrencyLimiter limiter) {
		boolean retries = policy.enabled() && policy.maxAttempts() > 1;
		Retry retry = retries ? retry(policy, perCall) : null;
		Backoff spread = RetryDecider.backendBusyBackoff(policy, call);
		return Flux.defer(() -> {
			RetryDecider decider = (retry != null) ? new RetryDecider(policy, call, this.gate) : null;
			// subscribed again for each attempt: the gate, a permit, the attempt and what it reports
			Flux<T> limited = this.gate.after(call.model(), spread, Flux.usingWhen(limiter.acquire(), (permit) -> {
				// one operator for what every signal of the attempt tells the policy and the limiter
				return attempt.get().doOnEach((signal) -> {
					if (signal.isOnNext()) {
						if (decider != null) {
							decider.delivered();
						}
					}
					else if (signal.isOnError()) {
						onAttemptError(signal.getThrowable(), call, policy, limiter, permit);
					}
					else if (signal.isOnComplete()) {
						limiter.onSuccess();
					}
				});
			}, EpithreResilience::release, (permit, ex) -> release(permit), EpithreResilience::release));
			if (retry == null || decider == null) {
				return limited;
			}
			Retry.AsyncContext<T> context = retry.asyncContext();
			return limited.onErrorMap(decider::decide)
				.retryWhen(reactor.util.retry.Retry.from((failures) -> failures.concatMap((signal) -> {
					Throwable failure = signal.failure();
					long delay = context.onError(failure);
					if (delay < 0 || !(failure instanceof RetryableFailure retryable)) {
						return Mono.error(unwrap(failure));
					}
					this.retriesByCause.computeIfAbsent(retryable.retryCause(), (key) -> new LongAdder()).increment();
					return Mono.delay(Duration.ofMillis(Math.max(1, delay)), this.scheduler);
				})))
				.doOnComplete(context::onComplete);
		});
	}

	private Retry retry(RetryPolicy policy, boolean perCall) {
		PolicyRetry last = this.lastRetry;
		if (last != null && last.perCall() == perCall && (last.policy() == policy || last.policy().equals(policy))
				&& last.retry() == this.retryRegistry.find(RETRY_NAME).orElse(null)) {
			return last.retry();
		}
		Retry retry = newRetry(policy, perCall);
		this.lastRetry = new PolicyRetry(policy, perCall, retry);
		return retry;
	}

	/**
	 * The retry of a policy. A {@code RetryConfig} the application registered under {@value #RETRY_NAME} in the retry
	 * registry, or the config of a retry it registered under that name, is applied on top of the policy: its maximum
	 * attempts (unless the policy was given for the call), and its exception filters on the failure itself. How long
	 * each retry waits stays the policy's (by error code and {@code Retry-After}).
	 */
	private Retry newRetry(RetryPolicy policy, boolean perCall) {
		Retry existing = this.retryRegistry.find(RETRY_NAME).orElse(null);
		boolean foreign = existing != null && existing.getRetryConfig() != this.registeredConfig;
		RetryConfig user = this.retryRegistry.getConfiguration(RETRY_NAME)
			.orElse(foreign ? existing.getRetryConfig() : null);
		int maxAttempts = (user != null && !perCall) ? user.getMaxAttempts() : policy.maxAttempts();
		Predicate<Throwable> userFilter = (user != null) ? user.getExceptionPredicate() : (ex) -> true;
		RetryConfig config = RetryConfig.custom()
			.maxAttempts(maxAttempts)
			.retryOnException((ex) -> ex instanceof RetryableFailure retryable && retryable.getCause() != null
					&& userFilter.test(retryable.getCause()))
			.intervalBiFunction((attempt, either) -> (either.isLeft()
					&& either.getLeft() instanceof RetryableFailure retryable) ? retryable.delayMillis() : -1L)
			.failAfterMaxAttempts(false)
			.build();
		if (existing == null || foreign) {
			// registered, so that Resilience4j's metrics and events see it; a retry the application registered under
			// the name is replaced by one that applies its settings on top of the policy
			this.registeredConfig = config;
			if (existing == null) {
				return this.retryRegistry.retry(RETRY_NAME, config);
			}
			Retry retry = Retry.of(RETRY_NAME, config);
			this.retryRegistry.replace(RETRY_NAME, retry);
			return retry;
		}
		if (existing.getRetryConfig().getMaxAttempts() == maxAttempts) {
			return existing;
		}
		// a per-request policy with another attempt count gets its own, unregistered retry
		return Retry.of(RETRY_NAME + "-request", config);
	}


	private static Mono<Void> release(KeyConcurrencyLimiter.Permit permit) {
		permit.release();
		return Mono.empty();
	}

	/**
	 * What every caller learns from a failed attempt, retried or not: {@code concurrency_exceeded} tightens the key's
	 * limit, {@code backend_busy} holds back every call of the model for the back-off window.
	 */
	private void onAttemptError(Throwable ex, CallContext call, RetryPolicy policy, KeyConcurrencyLimiter limiter,
			KeyConcurrencyLimiter.Permit permit) {
		Throwable failure = (ex instanceof EpithreStreamErrorEventException event) ? event.getApiError() : ex;
		if (!(failure instanceof EpithreRateLimitException rateLimit)) {
			return;
		}
		if (rateLimit.getReason() == EpithreRateLimitException.Reason.CONCURRENCY) {
			limiter.onConcurrencyExceeded(permit.getInFlightWhenGranted());
		}
		else if (rateLimit.getReason() == EpithreRateLimitException.Reason.BACKEND_BUSY) {
			Duration retryAfter = rateLimit.getRetryAfter();
			Duration window = (retryAfter != null) ? min(retryAfter, policy.maxRetryAfter())
					: RetryDecider.backendBusyBackoff(policy, call).min();
			this.gate.close(call.model(), window);
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof RetryableFailure && failure.getCause() != null) ? failure.getCause() : failure;
	}

	static String bulkheadName(@Nullable String apiKey) {
		if (apiKey == null) {
			return "epithre-anonymous";
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
			return "epithre-" + ApiKeys.prefix(apiKey) + "-" + HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A retry and the policy it was asked for.
	 */
	private record PolicyRetry(RetryPolicy policy, boolean perCall, Retry retry) {
	}

}
