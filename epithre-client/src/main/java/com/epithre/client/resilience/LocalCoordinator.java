package com.epithre.client.resilience;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * The coordinator of {@code epithre.coordination.mode=local}: grants at once, the local limiter is the only limit.
 */
final class LocalCoordinator implements EpithreCoordinator {

	static final LocalCoordinator INSTANCE = new LocalCoordinator();

	private static final Permit NONE = () -> {
	};

	private static final Mono<Permit> GRANTED = Mono.just(NONE);

	private static final CoordinationStatus STATUS = new CoordinationStatus("local",
			CoordinationStatus.State.LOCAL_ONLY, null, null, null, 0, 0);

	private LocalCoordinator() {
	}

	@Override
	public Mono<Permit> acquire(String key, String keyPrefix, int maxInFlight, Duration maxWait) {
		return GRANTED;
	}

	@Override
	public CoordinationStatus status() {
		return STATUS;
	}

	static boolean isLocal(EpithreCoordinator coordinator) {
		return coordinator == INSTANCE;
	}

}
