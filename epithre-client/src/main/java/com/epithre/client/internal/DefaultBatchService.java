package com.epithre.client.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.util.Assert;

import com.epithre.client.batch.Batch;
import com.epithre.client.batch.BatchCreateRequest;
import com.epithre.client.batch.BatchList;
import com.epithre.client.batch.BatchService;
import com.epithre.client.config.RequestOptions;

/**
 * {@link BatchService} over {@link EpithreHttp}; {@link #watch(String, Mono)} polls on a scheduler so tests can run
 * it on virtual time.
 *
 * @since 0.1.0
 */
final class DefaultBatchService implements BatchService {

	static final String PATH = "/batches";

	/** The worker cadence of docs/epithre-api.md, batches: polling faster learns nothing new. */
	public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(5);

	private final EpithreHttp http;

	private final RequestOptions defaults;

	private final Duration pollInterval;

	private final Scheduler scheduler;

	DefaultBatchService(EpithreHttp http) {
		this(http, RequestOptions.none());
	}

	DefaultBatchService(EpithreHttp http, RequestOptions defaults) {
		this(http, defaults, MIN_POLL_INTERVAL, Schedulers.parallel());
	}

	/**
	 * Create a service polling at a given interval on a given scheduler.
	 * @param http the exchange
	 * @param defaults options applied to every call
	 * @param pollInterval the polling interval of {@link #watch(String, Mono)}, at least 5 s
	 * @param scheduler the scheduler the polling runs on, such as a {@code VirtualTimeScheduler} in tests
	 */
	DefaultBatchService(EpithreHttp http, RequestOptions defaults, Duration pollInterval, Scheduler scheduler) {
		Assert.isTrue(pollInterval.compareTo(MIN_POLL_INTERVAL) >= 0,
				() -> "pollInterval must be at least 5 s, the batch worker cadence (docs/epithre-api.md, batches), was "
						+ pollInterval);
		this.http = http;
		this.defaults = defaults;
		this.pollInterval = pollInterval;
		this.scheduler = scheduler;
	}

	@Override
	public Mono<Batch> create(BatchCreateRequest request) {
		Assert.notNull(request, "request must not be null");
		// docs/epithre-api.md, what the client handles: creating twice would run the batch twice
		return this.http.post(PATH, request, Batch.class, this.defaults, null, false);
	}

	@Override
	public Mono<Batch> get(String batchId) {
		return this.http.get(path(batchId), Batch.class, this.defaults);
	}

	@Override
	public Mono<BatchList> list(int limit) {
		Assert.isTrue(limit >= 1 && limit <= MAX_LIST_LIMIT,
				() -> "limit must be between 1 and 100 (docs/epithre-api.md, batches), was " + limit);
		return this.http.get(PATH + "?limit=" + limit, BatchList.class, this.defaults);
	}

	@Override
	public Mono<Batch> cancel(String batchId) {
		// cancelling twice is harmless: the second answer shows the batch cancelling or cancelled
		return this.http.post(path(batchId) + "/cancel", Map.of(), Batch.class, this.defaults, null, true);
	}

	@Override
	public Flux<Batch> watch(String batchId, Mono<?> until) {
		String path = path(batchId);
		Assert.notNull(until, "until must not be null");
		return Flux.interval(Duration.ZERO, this.pollInterval, this.scheduler)
			.onBackpressureDrop()
			.concatMap((tick) -> this.http.get(path, Batch.class, this.defaults), 1)
			.distinctUntilChanged(DefaultBatchService::progress)
			.takeUntil(Batch::isTerminal)
			.takeUntilOther(until.then(Mono.just(Boolean.TRUE)).defaultIfEmpty(Boolean.TRUE));
	}

	private static List<Object> progress(Batch batch) {
		return Arrays.asList(batch.status(), batch.requestCounts(), batch.outputFileId());
	}

	private static String path(String batchId) {
		return IdPaths.of(PATH, "batchId", batchId);
	}

}
