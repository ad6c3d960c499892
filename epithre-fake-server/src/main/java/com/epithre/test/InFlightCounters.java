package com.epithre.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Requests in flight per API key, with the peak since the last reset (docs/epithre-api.md, limits and timeouts:
 * per-key concurrency cap).
 */
final class InFlightCounters {

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Count a request of the key unless the key already has {@code cap} requests in flight.
	 * @return the key's counter, or {@code null} when the request was not counted
	 */
	@Nullable Counter tryAdmit(String apiKey, int cap) {
		Counter counter = counter(apiKey);
		while (true) {
			int current = counter.inFlight.get();
			if (current >= cap) {
				return null;
			}
			if (counter.inFlight.compareAndSet(current, current + 1)) {
				counter.peak.accumulateAndGet(current + 1, Math::max);
				return counter;
			}
		}
	}

	Counter admit(String apiKey) {
		Counter counter = counter(apiKey);
		counter.peak.accumulateAndGet(counter.inFlight.incrementAndGet(), Math::max);
		return counter;
	}

	int inFlight(String apiKey) {
		Counter counter = this.counters.get(apiKey);
		return (counter != null) ? counter.inFlight.get() : 0;
	}

	int peak(String apiKey) {
		Counter counter = this.counters.get(apiKey);
		return (counter != null) ? counter.peak.get() : 0;
	}

	void resetPeaks() {
		this.counters.values().forEach((counter) -> counter.peak.set(0));
	}

	private Counter counter(String apiKey) {
		return this.counters.computeIfAbsent(apiKey, (key) -> new Counter());
	}

	/**
	 * Requests in flight for one API key.
	 */
	static final class Counter {

		private final AtomicInteger inFlight = new AtomicInteger();

		private final AtomicInteger peak = new AtomicInteger();

		void release() {
			this.inFlight.decrementAndGet();
		}

	}

}
