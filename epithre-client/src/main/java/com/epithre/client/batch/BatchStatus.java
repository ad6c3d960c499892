package com.epithre.client.batch;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The {@code status} values of a batch (docs/epithre-api.md, batches). {@code status} stays a string: values not
 * listed here are
 * treated as not terminal.
 *
 * @since 0.1.0
 */
public final class BatchStatus {

	/** Documented: the worker has not checked the input yet (a malformed line keeps it here). */
	public static final String VALIDATING = "validating";

	/** Documented. */
	public static final String IN_PROGRESS = "in_progress";

	/** Documented, terminal. */
	public static final String COMPLETED = "completed";

	/** Documented, terminal. */
	public static final String FAILED = "failed";

	/** Assumed OpenAI-compatible. */
	public static final String FINALIZING = "finalizing";

	/** Assumed OpenAI-compatible. */
	public static final String CANCELLING = "cancelling";

	/** Assumed OpenAI-compatible, terminal. */
	public static final String CANCELLED = "cancelled";

	/** Assumed OpenAI-compatible, terminal. */
	public static final String EXPIRED = "expired";

	private static final Set<String> TERMINAL = Set.of(COMPLETED, FAILED, CANCELLED, EXPIRED);

	private BatchStatus() {
	}

	/**
	 * Return whether a status is terminal; unknown statuses are not.
	 * @param status the status
	 * @return whether the batch will not change any more
	 */
	public static boolean isTerminal(@Nullable String status) {
		return status != null && TERMINAL.contains(status);
	}

}
