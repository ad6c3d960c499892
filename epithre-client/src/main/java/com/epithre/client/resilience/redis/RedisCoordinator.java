package com.epithre.client.resilience.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.RedisException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.util.Assert;

import com.epithre.client.error.EpithreCoordinationException;
import com.epithre.client.resilience.CoordinationStatus;
import com.epithre.client.resilience.EpithreCoordinator;

/**
 * Shares the in-flight cap and the requests-per-minute budget of each key across every application instance through
 * Redis, with Redisson's ready-made primitives: an {@code RPermitExpirableSemaphore} per key whose permits carry a
 * lease (renewed while a call runs, so a crashed instance's permits come back within one lease time) and an
 * {@code RRateLimiter} per key for the rolling requests-per-minute window.
 * <p>
 * Waiting never blocks a thread and is bounded by the caller's {@code max-wait}; a cancelled waiter's permit, when
 * Redis grants it late, goes straight back. Redis failures are watched by a Resilience4j {@link CircuitBreaker}: on the
 * first failure calls either go on under the local limit ({@link RedisCoordinationSettings.FailureMode#FALLBACK}) or
 * fail with {@link EpithreCoordinationException} ({@link RedisCoordinationSettings.FailureMode#FAIL}), the change is
 * logged once, and Redis is tried again every {@code retryInterval}.
 *
 * @since 0.1.0
 */
public final class RedisCoordinator implements EpithreCoordinator {

	private static final Log logger = LogFactory.getLog(RedisCoordinator.class);

	private static final Pattern CREDENTIALS = Pattern.compile("://[^/@\\s]*@");

	private static final Permit NONE = () -> {
	};

	private final RedissonReactiveClient redisson;

	private final RedisCoordinationSettings settings;

	private final Scheduler scheduler;

	private final String description;

	private final CircuitBreaker breaker;

	private final Map<String, RedisKeyLimits> keys = new ConcurrentHashMap<>();

	private final LongAdder unsharedCalls = new LongAdder();

	private final LongAdder lostLeases = new LongAdder();

	private volatile CoordinationStatus.State state = CoordinationStatus.State.SHARED;

	private volatile @Nullable Instant since;

	private volatile @Nullable String lastFailure;

	/**
	 * Create a coordinator.
	 * @param redisson the Redis client
	 * @param settings leases, budget and failure behaviour
	 * @param scheduler times lease renewals
	 * @param description where Redis is, for logs and status (no credentials)
	 */
	public RedisCoordinator(RedissonReactiveClient redisson, RedisCoordinationSettings settings, Scheduler scheduler,
			String description) {
		Assert.notNull(redisson, "redisson must not be null");
		Assert.notNull(settings, "settings must not be null");
		Assert.notNull(scheduler, "scheduler must not be null");
		this.redisson = redisson;
		this.settings = settings;
		this.scheduler = scheduler;
		this.description = redact(description);
		this.breaker = CircuitBreaker.of("epithre-redis", CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(2)
			.minimumNumberOfCalls(1)
			.failureRateThreshold(50)
			.waitDurationInOpenState(settings.retryInterval())
			.permittedNumberOfCallsInHalfOpenState(1)
			.recordException(RedisCoordinator::isStoreFailure)
			.writableStackTraceEnabled(false)
			.build());
		this.breaker.getEventPublisher().onStateTransition((event) -> onTransition(event.getStateTransition()));
	}

	@Override
	public Mono<Permit> acquire(String key, String keyPrefix, int maxInFlight, Duration maxWait) {
		return Mono.defer(() -> {
			if (!this.breaker.tryAcquirePermission()) {
				return unavailable(keyPrefix, null);
			}
			long start = System.nanoTime();
			AtomicBoolean recorded = new AtomicBoolean();
			RedisKeyLimits limits = this.keys.computeIfAbsent(key,
					(name) -> new RedisKeyLimits(this.redisson, this.settings, this.scheduler, name, this::leaseLost));
			return limits.acquire(keyPrefix, maxInFlight, maxWait)
				.doOnSuccess((permit) -> {
					if (recorded.compareAndSet(false, true)) {
						this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
					}
				})
				.onErrorResume(RedisCoordinator::isStoreFailure, (ex) -> {
					this.lastFailure = describe(ex);
					if (recorded.compareAndSet(false, true)) {
						this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
					}
					limits.forgetInitialization();
					return unavailable(keyPrefix, ex);
				})
				.doOnError((ex) -> {
					// no permit in time is Redis answering, not Redis failing
					if (recorded.compareAndSet(false, true)) {
						this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
					}
				})
				.doOnCancel(() -> {
					if (recorded.compareAndSet(false, true)) {
						this.breaker.releasePermission();
					}
				});
		});
	}

	@Override
	public CoordinationStatus status() {
		return new CoordinationStatus("redis", this.state, this.since, this.lastFailure, this.description,
				this.unsharedCalls.sum(), this.lostLeases.sum());
	}

	/**
	 * Return where Redis is, without credentials.
	 * @return the description given at creation
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return how many calls went on without a cluster-wide permit because Redis was unreachable.
	 * @return calls under the local limit only
	 */
	public long getUnsharedCalls() {
		return this.unsharedCalls.sum();
	}

	/**
	 * Return how many running calls found their permit's lease gone when renewing it (Redis lost it or the renewal
	 * came too late), so the key's cap may have been exceeded for a while.
	 * @return lost leases
	 */
	public long getLostLeases() {
		return this.lostLeases.sum();
	}

	/**
	 * Return the settings.
	 * @return the settings
	 */
	public RedisCoordinationSettings getSettings() {
		return this.settings;
	}

	private Mono<Permit> unavailable(String keyPrefix, @Nullable Throwable cause) {
		if (this.settings.onFailure() == RedisCoordinationSettings.FailureMode.FALLBACK) {
			this.unsharedCalls.increment();
			return Mono.just(NONE);
		}
		String reason = (cause != null) ? describe(cause) : this.lastFailure;
		return Mono.error(new EpithreCoordinationException("Epithre key " + keyPrefix
				+ "... got no cluster-wide permit: Redis at " + this.description + " is unreachable"
				+ ((reason != null) ? " (" + reason + ")" : "")
				+ " and epithre.coordination.on-redis-failure=fail; nothing was sent", cause));
	}

	private void onTransition(CircuitBreaker.StateTransition transition) {
		CircuitBreaker.State to = transition.getToState();
		boolean down = to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN;
		boolean fallback = this.settings.onFailure() == RedisCoordinationSettings.FailureMode.FALLBACK;
		if (down && transition.getFromState() == CircuitBreaker.State.CLOSED) {
			String error = lastFailure();
			this.state = fallback ? CoordinationStatus.State.FALLBACK : CoordinationStatus.State.UNAVAILABLE;
			this.since = Instant.now();
			logger.warn("Redis at " + this.description + " is unreachable (" + error + "): "
					+ (fallback ? "each instance now enforces its own per-key limits, so a key shared by several "
							+ "instances may exceed its cap (epithre.coordination.on-redis-failure=fallback)"
							: "Epithre calls fail until it is back (epithre.coordination.on-redis-failure=fail)")
					+ "; trying again every " + this.settings.retryInterval().toMillis() + " ms");
		}
		else if (to == CircuitBreaker.State.CLOSED && this.state != CoordinationStatus.State.SHARED) {
			this.state = CoordinationStatus.State.SHARED;
			this.since = Instant.now();
			logger.info("Redis at " + this.description + " is reachable again: per-key limits are shared again");
		}
	}

	private String lastFailure() {
		String failure = this.lastFailure;
		return (failure != null) ? failure : "unknown failure";
	}

	private void leaseLost(String key) {
		this.lostLeases.increment();
		logger.warn("A running Epithre call of " + key + " lost its cluster-wide permit (its lease ran out or Redis "
				+ "forgot it); the key's cap may be exceeded until the call ends");
	}

	static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = summary(ex);
		return (root != ex) ? text + ", caused by " + summary(root) : text;
	}

	private static String summary(Throwable ex) {
		return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + redact(ex.getMessage()) : "");
	}

	static String redact(String text) {
		return CREDENTIALS.matcher(text).replaceAll("://***@");
	}

	static boolean isStoreFailure(Throwable ex) {
		return ex instanceof RedisException || ex instanceof TimeoutException;
	}

}
