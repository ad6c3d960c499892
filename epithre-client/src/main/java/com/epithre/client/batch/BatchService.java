package com.epithre.client.batch;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Batches, {@code /v1/batches} (docs/epithre-api.md, batches). Nothing is sent until subscription.
 *
 * @since 0.1.0
 */
public interface BatchService {

	/** Largest {@code limit} of a list (docs/epithre-api.md, batches). */
	int MAX_LIST_LIMIT = 100;

	/**
	 * Create a batch. Not idempotent: it is resent only when the server cannot have acted on it.
	 * @param request the request
	 * @return the batch, usually {@code validating}
	 */
	Mono<Batch> create(BatchCreateRequest request);

	/**
	 * Fetch a batch.
	 * @param batchId the id
	 * @return the batch, or an {@code EpithreNotFoundException}
	 */
	Mono<Batch> get(String batchId);

	/**
	 * List the newest batches.
	 * @param limit 1-{@value #MAX_LIST_LIMIT}
	 * @return the batches, newest first
	 */
	Mono<BatchList> list(int limit);

	/**
	 * Cancel a batch that has not reached a terminal state.
	 * @param batchId the id
	 * @return the batch
	 */
	Mono<Batch> cancel(String batchId);

	/**
	 * Follow a batch: poll it no faster than every 5 s (the worker cadence of docs/epithre-api.md, batches), emit it
	 * whenever its
	 * status or request counts change, and complete after emitting a terminal state.
	 * @param batchId the id
	 * @return the changes
	 */
	default Flux<Batch> watch(String batchId) {
		return watch(batchId, Mono.never());
	}

	/**
	 * Follow a batch as {@link #watch(String)} does, completing early when {@code until} signals (for example when
	 * a webhook event for the batch arrives).
	 * @param batchId the id
	 * @param until completes the flux when it emits or completes
	 * @return the changes
	 */
	Flux<Batch> watch(String batchId, Mono<?> until);

}
