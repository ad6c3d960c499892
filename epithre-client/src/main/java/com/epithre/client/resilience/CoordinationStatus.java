package com.epithre.client.resilience;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link EpithreCoordinator} is doing now.
 *
 * @param mode {@code local} or {@code redis}
 * @param state whether limits are shared right now
 * @param since when the coordinator entered its current state, if it ever left the first one
 * @param lastError what went wrong last with the shared store (never contains a secret)
 * @param store where the shared store is (never with credentials), or {@code null} in local mode
 * @param unsharedCalls calls made under the local limit only while the store was unreachable
 * @param lostLeases running calls that found their cluster-wide permit gone (lease ran out or the store forgot it)
 * @since 0.1.0
 */
public record CoordinationStatus(String mode, State state, @Nullable Instant since, @Nullable String lastError,
		@Nullable String store, long unsharedCalls, long lostLeases) {

	/**
	 * Whether the limits are shared.
	 */
	public enum State {

		/** Coordination is off: each instance enforces its own limits. */
		LOCAL_ONLY,

		/** Limits are shared across instances. */
		SHARED,

		/** The shared store is unreachable; each instance enforces its own limits until it comes back. */
		FALLBACK,

		/** The shared store is unreachable and calls fail until it comes back. */
		UNAVAILABLE

	}

	/**
	 * Return whether the shared store is unreachable, so limits are not shared as configured.
	 * @return whether coordination is degraded
	 */
	public boolean isDegraded() {
		return this.state == State.FALLBACK || this.state == State.UNAVAILABLE;
	}

}
