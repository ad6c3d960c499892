package com.epithre.client.resilience;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Where the limits of an API key are shared beyond one application instance. Every call first takes a permit of
 * its key's local {@link KeyConcurrencyLimiter} (FIFO inside the instance, bounded, never blocking a thread), then
 * a permit from the coordinator, and gives both back when it ends. The {@link #local() local} coordinator shares
 * nothing and grants at once; a cluster-wide one (see {@code com.epithre.client.resilience.redis}) holds the key's
 * in-flight cap and requests-per-minute budget across every instance using the key.
 *
 * @since 0.1.0
 */
public interface EpithreCoordinator {

	/**
	 * Take a cluster-wide permit for one call of a key. The returned mono must be safe to cancel at any moment: a
	 * permit obtained after its subscriber left goes back by itself.
	 * @param key the key's identity, such as {@code epithre-esk_test_abc-1a2b3c4d} (never the key itself)
	 * @param keyPrefix the key's first 12 characters, for messages
	 * @param maxInFlight the key's in-flight cap
	 * @param maxWait the longest the call may wait for the permit
	 * @return the permit, or an error when none came in time (nothing was sent then)
	 */
	Mono<Permit> acquire(String key, String keyPrefix, int maxInFlight, Duration maxWait);

	/**
	 * Return what the coordinator is doing now, for health and the {@code epithre} endpoint.
	 * @return the status
	 */
	CoordinationStatus status();

	/**
	 * Return the coordinator that shares nothing: each instance enforces its own limit.
	 * @return the local coordinator
	 */
	static EpithreCoordinator local() {
		return LocalCoordinator.INSTANCE;
	}

	/**
	 * A cluster-wide permit; releasing it twice is harmless.
	 */
	interface Permit {

		/**
		 * Give the permit back.
		 */
		void release();

	}

}
