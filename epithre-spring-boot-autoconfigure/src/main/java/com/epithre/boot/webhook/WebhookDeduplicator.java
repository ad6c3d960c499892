package com.epithre.boot.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers event + {@code data.id} keys for a window, bounded in size, so that retried deliveries are published
 * once (docs/epithre-api.md, webhooks). In memory: each application instance deduplicates on its own. Thread-safe.
 *
 * @since 0.1.0
 */
public final class WebhookDeduplicator {

	private final Duration window;

	private final int maxEntries;

	private final Clock clock;

	private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

	/**
	 * Create a deduplicator.
	 * @param window how long a key is remembered
	 * @param maxEntries how many keys are remembered at most; the oldest are forgotten first
	 * @param clock the clock
	 */
	public WebhookDeduplicator(Duration window, int maxEntries, Clock clock) {
		if (window.isNegative() || maxEntries < 1) {
			throw new IllegalArgumentException("window must not be negative and maxEntries must be positive");
		}
		this.window = window;
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	/**
	 * Record a key unless it was seen within the window.
	 * @param event the event name
	 * @param dataId the id of the object the event is about
	 * @return {@code true} when the key is new, {@code false} for a replay
	 */
	public synchronized boolean firstSeen(String event, String dataId) {
		Instant now = this.clock.instant();
		Instant oldest = now.minus(this.window);
		Iterator<Map.Entry<String, Instant>> entries = this.seen.entrySet().iterator();
		while (entries.hasNext()) {
			if (entries.next().getValue().isBefore(oldest)) {
				entries.remove();
			}
			else {
				break;
			}
		}
		String key = event + '\n' + dataId;
		if (this.seen.containsKey(key)) {
			return false;
		}
		this.seen.put(key, now);
		if (this.seen.size() > this.maxEntries) {
			entries = this.seen.entrySet().iterator();
			entries.next();
			entries.remove();
		}
		return true;
	}

}
