package com.epithre.client.resilience;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.error.EpithreBulkheadFullException;

/**
 * The concurrency limit of one API key, shared by every client using that key. Every permit is also taken from a
 * Resilience4j {@link Bulkhead} sized to the configured maximum (so its metrics show the calls in flight); callers
 * over the limit wait in a FIFO queue, never blocking a thread, and fail with {@link EpithreBulkheadFullException}
 * when the queue is full or they waited too long. The limit adapts to the server's real cap:
 * {@link #onConcurrencyExceeded()} lowers it, quiet success raises it back. The adaptive limit is enforced here and not
 * through {@code Bulkhead.changeConfig}, which blocks the calling thread while shrinking below the calls in flight.
 * With a cluster-wide {@link EpithreCoordinator}, a call holding a local permit also takes one from the coordinator
 * before it is sent, within the same {@code max-wait}.
 *
 * @since 0.1.0
 */
public final class KeyConcurrencyLimiter {

	private final Bulkhead bulkhead;

	private final EpithreCoordinator coordinator;

	private final ConcurrencyPolicy policy;

	private final String keyPrefix;

	/** Where {@code maxWait} was set, named by the message of a call that waited too long. */
	private final String maxWaitSetting;

	private final Scheduler scheduler;

	private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile int limit;

	private long lastChangeNanos;

	KeyConcurrencyLimiter(Bulkhead bulkhead, EpithreCoordinator coordinator, ConcurrencyPolicy policy,
			String keyPrefix, Scheduler scheduler) {
		this(bulkhead, coordinator, policy, keyPrefix, scheduler, "epithre.concurrency.max-wait");
	}

	KeyConcurrencyLimiter(Bulkhead bulkhead, EpithreCoordinator coordinator, ConcurrencyPolicy policy,
			String keyPrefix, Scheduler scheduler, String maxWaitSetting) {
		this.bulkhead = bulkhead;
		this.coordinator = coordinator;
		this.policy = policy;
		this.keyPrefix = keyPrefix;
		this.maxWaitSetting = maxWaitSetting;
		this.scheduler = scheduler;
		this.limit = policy.maxInFlight();
		this.lastChangeNanos = scheduler.now(TimeUnit.NANOSECONDS);
	}

	/**
	 * Return the configured, highest limit.
	 * @return the configured limit
	 */
	public int getConfiguredLimit() {
		return this.policy.maxInFlight();
	}

	/**
	 * Return the limit in force, lower than the configured one after {@code concurrency_exceeded}.
	 * @return the current limit
	 */
	public int getCurrentLimit() {
		return this.limit;
	}

	/**
	 * Return how many calls hold a permit.
	 * @return calls in flight
	 */
	public int getInFlight() {
		return this.inFlight.get();
	}

	/**
	 * Return how many calls wait for a permit.
	 * @return waiting calls
	 */
	public int getWaiting() {
		return this.waiting.get();
	}

	/**
	 * Return the Resilience4j bulkhead that counts the permits.
	 * @return the bulkhead
	 */
	public Bulkhead getBulkhead() {
		return this.bulkhead;
	}

	/**
	 * Get a permit, waiting in line when none is free, then the coordinator's permit when coordination is on.
	 * Cancelling the returned mono leaves the line; a permit handed over after cancellation goes back.
	 * @return a permit to {@link Permit#release() release} when the call ends
	 */
	public Mono<Permit> acquire() {
		if (LocalCoordinator.isLocal(this.coordinator)) {
			return acquireLocal();
		}
		return Mono.defer(() -> {
			long start = this.scheduler.now(TimeUnit.NANOSECONDS);
			return acquireLocal().flatMap((permit) -> {
				long waited = this.scheduler.now(TimeUnit.NANOSECONDS) - start;
				Duration left = this.policy.maxWait().minusNanos(waited);
				AtomicBoolean delivered = new AtomicBoolean();
				return this.coordinator
					.acquire(this.bulkhead.getName(), this.keyPrefix, this.policy.maxInFlight(),
							left.isNegative() ? Duration.ZERO : left)
					.map(permit::attach)
					.doOnSuccess((granted) -> delivered.set(true))
					.doOnError((ex) -> permit.release())
					.doOnCancel(() -> {
						if (!delivered.get()) {
							permit.release();
						}
					});
			});
		}).doOnDiscard(Permit.class, Permit::release);
	}

	private Mono<Permit> acquireLocal() {
		// a permit handed to a subscriber that cancelled in the meantime is discarded by Mono.create: give it back
		return Mono.<Permit>create((sink) -> {
			if (this.waiters.isEmpty() && tryAcquire()) {
				sink.success(new Permit().granted());
				return;
			}
			if (this.waiting.incrementAndGet() > this.policy.maxQueue()) {
				this.waiting.decrementAndGet();
				sink.error(new EpithreBulkheadFullException("Epithre key " + this.keyPrefix + "... has all "
						+ this.limit + " permits in use and " + this.policy.maxQueue()
						+ " calls already waiting (epithre.concurrency.max-queue); nothing was sent"));
				return;
			}
			Waiter waiter = new Waiter(sink);
			this.waiters.add(waiter);
			Duration maxWait = this.policy.maxWait();
			Disposable timer = this.scheduler.schedule(() -> {
				if (waiter.cancel()) {
					sink.error(new EpithreBulkheadFullException("Epithre key " + this.keyPrefix
							+ "... gave no permit within " + maxWait.toMillis() + " ms (" + this.maxWaitSetting + "; "
							+ this.limit + " in flight, " + this.waiting.get() + " waiting); nothing was sent"));
				}
			}, maxWait.toNanos(), TimeUnit.NANOSECONDS);
			sink.onDispose(timer);
			sink.onCancel(() -> {
				if (!waiter.cancel() && waiter.isClaimed()) {
					waiter.permit.release();
				}
			});
			drain();
		}).doOnDiscard(Permit.class, Permit::release);
	}

	/**
	 * Lower the limit after {@code concurrency_exceeded}: the server refused a call sent while this many calls were in
	 * flight, so its real cap is below that (another process may share the key).
	 * @param inFlightWhenSent calls in flight, the refused one included, when it was sent
	 */
	public synchronized void onConcurrencyExceeded(int inFlightWhenSent) {
		if (!this.policy.adaptive()) {
			return;
		}
		// several calls refused together must not each take a step down: the cap is below the lowest of them
		int lowered = Math.max(1, Math.min(this.limit, inFlightWhenSent - 1));
		if (lowered < this.limit) {
			changeLimit(lowered);
		}
		this.lastChangeNanos = this.scheduler.now(TimeUnit.NANOSECONDS);
	}

	/**
	 * Lower the limit after {@code concurrency_exceeded} for a call whose permit is unknown, judging by the calls in
	 * flight now.
	 */
	public void onConcurrencyExceeded() {
		onConcurrencyExceeded(getInFlight());
	}

	/**
	 * Record a call the server accepted; after a quiet {@code recoveryInterval} the limit grows by one, never above
	 * the configured maximum.
	 */
	public void onSuccess() {
		if (this.limit >= this.policy.maxInFlight()) {
			return;
		}
		synchronized (this) {
			long now = this.scheduler.now(TimeUnit.NANOSECONDS);
			if (this.limit < this.policy.maxInFlight()
					&& now - this.lastChangeNanos >= this.policy.recoveryInterval().toNanos()) {
				changeLimit(this.limit + 1);
				this.lastChangeNanos = now;
			}
		}
		drain();
	}

	/**
	 * Put the limit back to the configured maximum, as if no {@code concurrency_exceeded} had been seen, and hand the
	 * permits this frees to the calls waiting in line.
	 */
	void reset() {
		synchronized (this) {
			changeLimit(this.policy.maxInFlight());
		}
		drain();
	}

	private void changeLimit(int newLimit) {
		this.limit = newLimit;
	}

	private boolean tryAcquire() {
		while (true) {
			int current = this.inFlight.get();
			if (current >= this.limit) {
				return false;
			}
			if (this.inFlight.compareAndSet(current, current + 1)) {
				if (this.bulkhead.tryAcquirePermission()) {
					return true;
				}
				this.inFlight.decrementAndGet();
				return false;
			}
		}
	}

	private void giveBack(boolean completed) {
		this.inFlight.decrementAndGet();
		if (completed) {
			this.bulkhead.onComplete();
		}
		else {
			this.bulkhead.releasePermission();
		}
	}

	private void release() {
		giveBack(true);
		drain();
	}

	private void drain() {
		while (!this.waiters.isEmpty()) {
			if (!tryAcquire()) {
				return;
			}
			Waiter waiter = this.waiters.poll();
			if (waiter == null || !waiter.claim()) {
				giveBack(false);
				continue;
			}
			waiter.sink.success(waiter.permit.granted());
		}
	}

	/**
	 * One permit; releasing it twice is harmless.
	 */
	public final class Permit {

		private final AtomicBoolean released = new AtomicBoolean();

		private volatile int inFlightWhenGranted;

		private volatile EpithreCoordinator.@Nullable Permit cluster;

		Permit() {
		}

		/**
		 * Return how many calls were in flight, this one included, when the permit was granted.
		 * @return calls in flight at grant time
		 */
		public int getInFlightWhenGranted() {
			return this.inFlightWhenGranted;
		}

		Permit granted() {
			this.inFlightWhenGranted = KeyConcurrencyLimiter.this.inFlight.get();
			return this;
		}

		Permit attach(EpithreCoordinator.Permit cluster) {
			this.cluster = cluster;
			if (this.released.get()) {
				// released while the coordinator was granting: the cluster permit goes back too
				cluster.release();
			}
			return this;
		}

		/**
		 * Give the permit back, handing it to the next caller in line.
		 */
		public void release() {
			if (this.released.compareAndSet(false, true)) {
				EpithreCoordinator.Permit shared = this.cluster;
				if (shared != null) {
					shared.release();
				}
				KeyConcurrencyLimiter.this.release();
			}
		}

	}

	private final class Waiter {

		private static final int PENDING = 0;

		private static final int CLAIMED = 1;

		private static final int CANCELLED = 2;

		final MonoSink<Permit> sink;

		final Permit permit = new Permit();

		private final AtomicInteger state = new AtomicInteger(PENDING);

		Waiter(MonoSink<Permit> sink) {
			this.sink = sink;
		}

		boolean claim() {
			boolean claimed = this.state.compareAndSet(PENDING, CLAIMED);
			if (claimed) {
				KeyConcurrencyLimiter.this.waiting.decrementAndGet();
			}
			return claimed;
		}

		boolean isClaimed() {
			return this.state.get() == CLAIMED;
		}

		boolean cancel() {
			boolean cancelled = this.state.compareAndSet(PENDING, CANCELLED);
			if (cancelled) {
				KeyConcurrencyLimiter.this.waiting.decrementAndGet();
				KeyConcurrencyLimiter.this.waiters.remove(this);
			}
			return cancelled;
		}

	}

}
