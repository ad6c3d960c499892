package com.epithre.client.resilience.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RPermitExpirableSemaphoreReactive;
import org.redisson.api.RRateLimiterReactive;
import org.redisson.api.RateType;
import org.redisson.api.RedissonReactiveClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import com.epithre.client.error.EpithreBulkheadFullException;
import com.epithre.client.resilience.EpithreCoordinator;

/**
 * The Redis objects of one key: its permit semaphore ({@code <namespace>:{<key>}:permits}) and its rate limiter
 * ({@code <namespace>:{<key>}:rpm}); the hash tag keeps both in one Redis Cluster slot.
 */
final class RedisKeyLimits {

	private static final Log logger = LogFactory.getLog(RedisKeyLimits.class);

	/** Longest single Redisson wait, so a Redis outage during a long wait is noticed within about a second. */
	private static final long WAIT_SLICE_MILLIS = 1000;

	private final RPermitExpirableSemaphoreReactive semaphore;

	private final @Nullable RRateLimiterReactive rateLimiter;

	private final RedisCoordinationSettings settings;

	private final Scheduler scheduler;

	private final String key;

	private final Consumer<String> onLeaseLost;

	/** The cap the semaphore was last set to, 0 before that or after a Redis failure. */
	private volatile int initializedFor;

	RedisKeyLimits(RedissonReactiveClient redisson, RedisCoordinationSettings settings, Scheduler scheduler,
			String key, Consumer<String> onLeaseLost) {
		String base = settings.namespace() + ":{" + key + "}";
		this.semaphore = redisson.getPermitExpirableSemaphore(base + ":permits");
		this.rateLimiter = (settings.rateLimit() > 0) ? redisson.getRateLimiter(base + ":rpm") : null;
		this.settings = settings;
		this.scheduler = scheduler;
		this.key = key;
		this.onLeaseLost = onLeaseLost;
	}

	Mono<EpithreCoordinator.Permit> acquire(String keyPrefix, int maxInFlight, Duration maxWait) {
		return Mono.defer(() -> {
			long deadline = System.nanoTime() + maxWait.toNanos();
			return initialize(maxInFlight).then(Mono.defer(() -> waitForPermit(maxInFlight, deadline)))
				.switchIfEmpty(Mono.error(() -> new EpithreBulkheadFullException("Epithre key " + keyPrefix
						+ "... gave no cluster-wide permit within " + maxWait.toMillis()
						+ " ms: all " + maxInFlight + " permits of the key are taken across the instances sharing it "
						+ "(epithre.concurrency.max-wait, epithre.concurrency.max-in-flight); nothing was sent")))
				.flatMap((permit) -> releasingUnlessDelivered(takeRequestBudget(keyPrefix, deadline, maxWait)
					.thenReturn((EpithreCoordinator.Permit) permit.renewing()), permit));
		}).doOnDiscard(RedisPermit.class, RedisPermit::release);
	}

	void forgetInitialization() {
		this.initializedFor = 0;
	}

	private Mono<Void> initialize(int maxInFlight) {
		if (this.initializedFor == maxInFlight) {
			return Mono.empty();
		}
		// setPermits keeps the permits taken and sets the total: the last instance started sets the cap
		Mono<Void> rate = (this.rateLimiter != null) ? this.rateLimiter
			.trySetRate(RateType.OVERALL, this.settings.rateLimit(), this.settings.rateInterval())
			.then() : Mono.empty();
		return this.semaphore.setPermits(maxInFlight)
			.then(rate)
			.timeout(this.settings.commandTimeout())
			.doOnSuccess((done) -> this.initializedFor = maxInFlight);
	}

	private Mono<RedisPermit> waitForPermit(int maxInFlight, long deadline) {
		long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
		return tryAcquire(Math.min(left, WAIT_SLICE_MILLIS)).switchIfEmpty(Mono.defer(() -> {
			if (System.nanoTime() - deadline >= 0) {
				return Mono.empty();
			}
			// a Redis restarted without persistence has forgotten the semaphore: set it up again
			return this.semaphore.isExists()
				.timeout(this.settings.commandTimeout())
				.flatMap((exists) -> exists ? Mono.<Void>empty() : this.semaphore.setPermits(maxInFlight))
				.then(Mono.defer(() -> waitForPermit(maxInFlight, deadline)));
		}));
	}

	/**
	 * One Redisson wait of at most {@code waitMillis}. The command is never cancelled from here: whichever comes first
	 * of Redis's answer, the guard ({@code waitMillis} plus the command timeout) and the subscriber leaving decides,
	 * and a permit Redis grants after the guard fired or the subscriber left goes straight back, instead of staying
	 * taken until its lease ends.
	 */
	private Mono<RedisPermit> tryAcquire(long waitMillis) {
		long lease = this.settings.leaseTime().toMillis();
		Duration guard = Duration.ofMillis(waitMillis).plus(this.settings.commandTimeout());
		return Mono.create((sink) -> {
			AtomicBoolean decided = new AtomicBoolean();
			Disposable expiry = Mono.delay(guard, Schedulers.parallel()).subscribe((tick) -> {
				if (decided.compareAndSet(false, true)) {
					sink.error(new TimeoutException("Redis did not answer a permit request within " + guard.toMillis()
							+ " ms"));
				}
			});
			sink.onCancel(() -> {
				decided.set(true);
				expiry.dispose();
			});
			this.semaphore.tryAcquire(waitMillis, lease, TimeUnit.MILLISECONDS).subscribe((id) -> {
				expiry.dispose();
				RedisPermit permit = new RedisPermit(id);
				if (decided.compareAndSet(false, true)) {
					sink.success(permit);
				}
				else {
					permit.release();
				}
			}, (ex) -> {
				expiry.dispose();
				if (decided.compareAndSet(false, true)) {
					sink.error(ex);
				}
			}, () -> {
				expiry.dispose();
				if (decided.compareAndSet(false, true)) {
					sink.success();
				}
			});
		});
	}

	private Mono<Void> takeRequestBudget(String keyPrefix, long deadline, Duration maxWait) {
		RRateLimiterReactive limiter = this.rateLimiter;
		if (limiter == null) {
			return Mono.empty();
		}
		Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
		return limiter.tryAcquire(left)
			.onErrorResume(RedisKeyLimits::isUninitializedRateLimiter,
					(ex) -> limiter
						.trySetRate(RateType.OVERALL, this.settings.rateLimit(), this.settings.rateInterval())
						.then(limiter.tryAcquire(left)))
			.timeout(left.plus(this.settings.commandTimeout()))
			.flatMap((granted) -> granted ? Mono.<Void>empty()
					: Mono.error(new EpithreBulkheadFullException("Epithre key " + keyPrefix
							+ "... has used its budget of " + this.settings.rateLimit() + " requests per "
							+ this.settings.rateInterval().toSeconds() + " s across the instances sharing it, and "
							+ "no request fits within " + maxWait.toMillis() + " ms (epithre.coordination.rate-limit, "
							+ "epithre.concurrency.max-wait); nothing was sent")));
	}

	private static boolean isUninitializedRateLimiter(Throwable ex) {
		String message = ex.getMessage();
		return message != null && message.contains("not initialized");
	}

	private static <T> Mono<T> releasingUnlessDelivered(Mono<T> mono, RedisPermit permit) {
		AtomicBoolean delivered = new AtomicBoolean();
		return mono.doOnSuccess((value) -> delivered.set(true)).doOnError((ex) -> permit.release()).doOnCancel(() -> {
			if (!delivered.get()) {
				permit.release();
			}
		});
	}

	/**
	 * A permit id in the key's semaphore, its lease renewed every third of the lease time while it is held.
	 */
	private final class RedisPermit implements EpithreCoordinator.Permit {

		private final String id;

		private final AtomicBoolean released = new AtomicBoolean();

		private volatile @Nullable Disposable renewal;

		RedisPermit(String id) {
			this.id = id;
		}

		RedisPermit renewing() {
			RedisCoordinationSettings settings = RedisKeyLimits.this.settings;
			long lease = settings.leaseTime().toMillis();
			Duration every = settings.leaseTime().dividedBy(3);
			this.renewal = Flux.interval(every, every, RedisKeyLimits.this.scheduler)
				.concatMap((tick) -> RedisKeyLimits.this.semaphore.updateLeaseTime(this.id, lease, TimeUnit.MILLISECONDS)
					.timeout(settings.commandTimeout())
					// Redis unreachable: the lease may still hold; the next renewal tells
					.onErrorReturn(true))
				.takeUntil((renewed) -> !renewed)
				.subscribe((renewed) -> {
					if (!renewed && !this.released.get()) {
						RedisKeyLimits.this.onLeaseLost.accept(RedisKeyLimits.this.key);
					}
				});
			if (this.released.get()) {
				stopRenewal();
			}
			return this;
		}

		@Override
		public void release() {
			if (!this.released.compareAndSet(false, true)) {
				return;
			}
			stopRenewal();
			RedisKeyLimits.this.semaphore.tryRelease(this.id)
				.timeout(RedisKeyLimits.this.settings.commandTimeout())
				.subscribe(null, (ex) -> logger.debug("Could not give a permit of " + RedisKeyLimits.this.key
						+ " back to Redis; its lease returns it", ex));
		}

		private void stopRenewal() {
			Disposable task = this.renewal;
			if (task != null) {
				task.dispose();
			}
		}

	}

}
