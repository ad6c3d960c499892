package com.epithre.client.observation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import com.epithre.client.models.ModelList;

/**
 * What one client saw recently, kept without Micrometer for health checks and the {@code epithre} Actuator endpoint:
 * 429s by code, the last error that carried a request id, the outcome of recent calls to a model (for the share of
 * {@code backend_busy}) and the last model catalogue fetched. The client records into it; thread-safe, and nothing in
 * it is secret.
 *
 * @since 0.1.0
 */
public final class EpithreClientStats {

	/** How many recent 429s and recent calls are remembered. */
	public static final int MAX_REMEMBERED = 512;

	private final Clock clock;

	private final Map<String, LongAdder> rateLimitedByCode = new ConcurrentHashMap<>();

	private final Deque<RateLimited> recentRateLimited = new ArrayDeque<>();

	private final Deque<CallOutcome> recentCalls = new ArrayDeque<>();

	private final LongAdder bulkheadRejections = new LongAdder();

	private volatile @Nullable LastError lastError;

	private volatile @Nullable Catalogue catalogue;

	/**
	 * Create statistics on the system clock.
	 */
	public EpithreClientStats() {
		this(Clock.systemUTC());
	}

	/**
	 * Create statistics on a given clock.
	 * @param clock tells the time of each record
	 */
	public EpithreClientStats(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	/**
	 * Record a 429 answer (or a rate-limit error event in a stream).
	 * @param code its error code, {@code unknown} when it had none
	 */
	public void recordRateLimited(String code) {
		this.rateLimitedByCode.computeIfAbsent(code, (key) -> new LongAdder()).increment();
		synchronized (this.recentRateLimited) {
			this.recentRateLimited.addLast(new RateLimited(code, this.clock.instant()));
			if (this.recentRateLimited.size() > MAX_REMEMBERED) {
				this.recentRateLimited.removeFirst();
			}
		}
	}

	/**
	 * Record a failed attempt that carried a request id.
	 * @param requestId its {@code X-Request-ID}
	 * @param status its HTTP status, or {@code 0} for an error without one
	 * @param code its error code or exception name
	 * @param operation the method and path, e.g. {@code POST /chat/completions}
	 */
	public void recordError(String requestId, int status, String code, String operation) {
		this.lastError = new LastError(requestId, status, code, operation, this.clock.instant());
	}

	/**
	 * Record how an attempt addressed to a model ended.
	 * @param backendBusy whether it ended with {@code backend_busy}
	 */
	public void recordCall(boolean backendBusy) {
		synchronized (this.recentCalls) {
			this.recentCalls.addLast(new CallOutcome(backendBusy, this.clock.instant()));
			if (this.recentCalls.size() > MAX_REMEMBERED) {
				this.recentCalls.removeFirst();
			}
		}
	}

	/**
	 * Record a call refused for want of a concurrency permit.
	 */
	public void recordBulkheadRejection() {
		this.bulkheadRejections.increment();
	}

	/**
	 * Record a model catalogue just fetched.
	 * @param models the catalogue
	 */
	public void recordCatalogue(ModelList models) {
		this.catalogue = new Catalogue(models, this.clock.instant());
	}

	/**
	 * Forget what calls recorded so far: the 429s, the recent calls, the bulkhead rejections and the last error. The
	 * catalogue stays: it is what the server offers, not what calls met. Meant for tests that share one client, such
	 * as the Spring test support resetting it after each test method; calls in flight record into the emptied
	 * statistics.
	 */
	public void reset() {
		this.rateLimitedByCode.clear();
		synchronized (this.recentRateLimited) {
			this.recentRateLimited.clear();
		}
		synchronized (this.recentCalls) {
			this.recentCalls.clear();
		}
		this.bulkheadRejections.reset();
		this.lastError = null;
	}

	/**
	 * Return every 429 since the client was built, by error code.
	 * @return counts by code
	 */
	public Map<String, Long> getRateLimitedByCode() {
		Map<String, Long> counts = new TreeMap<>();
		this.rateLimitedByCode.forEach((code, adder) -> counts.put(code, adder.sum()));
		return counts;
	}

	/**
	 * Return the 429s of a recent period by error code (at most the last {@value #MAX_REMEMBERED}).
	 * @param period how far back to look
	 * @return counts by code
	 */
	public Map<String, Long> getRateLimitedByCode(Duration period) {
		Instant since = this.clock.instant().minus(period);
		Map<String, Long> counts = new TreeMap<>();
		synchronized (this.recentRateLimited) {
			for (RateLimited event : this.recentRateLimited) {
				if (!event.at().isBefore(since)) {
					counts.merge(event.code(), 1L, Long::sum);
				}
			}
		}
		return counts;
	}

	/**
	 * Return the latest attempt failure that carried a request id.
	 * @return the error or {@code null}
	 */
	public @Nullable LastError getLastError() {
		return this.lastError;
	}

	/**
	 * Return how many calls were refused for want of a concurrency permit.
	 * @return the count
	 */
	public long getBulkheadRejections() {
		return this.bulkheadRejections.sum();
	}

	/**
	 * Return the last model catalogue fetched, e.g. by a health check.
	 * @return the catalogue or {@code null} when none was fetched yet
	 */
	public @Nullable Catalogue getCatalogue() {
		return this.catalogue;
	}

	/**
	 * Count the most recent attempts addressed to a model: at most {@code maxCalls} of them, none older than
	 * {@code maxAge}.
	 * @param maxCalls how many of the latest attempts to look at
	 * @param maxAge how old an attempt may be
	 * @return the attempts and how many of them ended with {@code backend_busy}
	 */
	public RecentCalls getRecentCalls(int maxCalls, Duration maxAge) {
		Instant since = this.clock.instant().minus(maxAge);
		int calls = 0;
		int busy = 0;
		synchronized (this.recentCalls) {
			Iterator<CallOutcome> newestFirst = this.recentCalls.descendingIterator();
			while (newestFirst.hasNext() && calls < maxCalls) {
				CallOutcome outcome = newestFirst.next();
				if (outcome.at().isBefore(since)) {
					break;
				}
				calls++;
				busy += outcome.backendBusy() ? 1 : 0;
			}
		}
		return new RecentCalls(calls, busy);
	}

	/**
	 * The latest failure that carried a request id, for a bug report (docs/epithre-api.md, request ids and bug
	 * reports).
	 *
	 * @param requestId the {@code X-Request-ID}
	 * @param status the HTTP status, {@code 0} for an error without one (such as a stream that broke off)
	 * @param code the error code, or the exception's simple name
	 * @param operation the method and path
	 * @param at when it was recorded
	 */
	public record LastError(String requestId, int status, String code, String operation, Instant at) {
	}

	/**
	 * A model catalogue and when it was fetched.
	 *
	 * @param models the catalogue
	 * @param fetchedAt when it arrived
	 */
	public record Catalogue(ModelList models, Instant fetchedAt) {
	}

	/**
	 * Recent attempts addressed to a model.
	 *
	 * @param calls how many
	 * @param backendBusy how many of them ended with {@code backend_busy}
	 */
	public record RecentCalls(int calls, int backendBusy) {

		/**
		 * Return the share of {@code backend_busy}.
		 * @return a value from 0 to 1, 0 without calls
		 */
		public double backendBusyShare() {
			return (this.calls > 0) ? (double) this.backendBusy / this.calls : 0;
		}

	}

	private record RateLimited(String code, Instant at) {
	}

	private record CallOutcome(boolean backendBusy, Instant at) {
	}

}
