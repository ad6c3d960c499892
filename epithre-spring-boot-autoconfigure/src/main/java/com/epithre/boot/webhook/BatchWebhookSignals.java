package com.epithre.boot.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.ApplicationListener;

/**
 * Turns {@code batch.completed} and {@code batch.failed} deliveries into signals a batch watch can end on, so
 * progress stops at once instead of at the next poll:
 * {@code client.batches().watch(id, signals.terminal(id))}.
 *
 * @since 0.1.0
 */
public final class BatchWebhookSignals implements ApplicationListener<EpithreWebhookEvent> {

	private static final Duration KEEP = Duration.ofHours(24);

	private final Map<String, Sinks.One<EpithreWebhookEvent>> signals = new ConcurrentHashMap<>();

	@Override
	public void onApplicationEvent(EpithreWebhookEvent event) {
		String batchId = event.getDataId();
		if (batchId != null && (event instanceof BatchCompletedEvent || event instanceof BatchFailedEvent)) {
			sink(batchId).tryEmitValue(event);
		}
	}

	/**
	 * Return a signal that emits the terminal webhook event of a batch, also when it arrived before this call.
	 * @param batchId the batch id
	 * @return the event, once it arrives
	 */
	public Mono<EpithreWebhookEvent> terminal(String batchId) {
		return sink(batchId).asMono();
	}

	private Sinks.One<EpithreWebhookEvent> sink(String batchId) {
		return this.signals.computeIfAbsent(batchId, (id) -> {
			Sinks.One<EpithreWebhookEvent> sink = Sinks.one();
			// a signal is kept for a day, so the map does not grow without bound
			Mono.delay(KEEP).subscribe((tick) -> this.signals.remove(id, sink));
			return sink;
		});
	}

}
