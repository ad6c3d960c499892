package com.epithre.client.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.slf4j.MDC;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.publisher.TestPublisher;
import reactor.test.util.RaceTestUtils;
import reactor.util.context.Context;

import com.epithre.client.error.EpithreStreamException;
import com.epithre.client.observation.EpithreClientStats;
import com.epithre.client.observation.EpithreObservationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races on the one operator of our own left on the stream path, {@link CallObservation}'s scoped subscriber: however a
 * stream's end and its cancellation meet, the observation stops exactly once, and the request id never stays behind
 * in a thread's MDC.
 */
class CallObservationRaceTests {

	private static final int ROUNDS = 2_000;

	private final AtomicInteger stops = new AtomicInteger();

	private final AtomicInteger errors = new AtomicInteger();

	private final CallObservation.Setup setup = new CallObservation.Setup(registry(), null, new EpithreClientStats());

	@Test
	void completionRacingCancellationStopsTheObservationExactlyOnce() {
		for (int i = 0; i < ROUNDS; i++) {
			Round round = start();
			RaceTestUtils.race(round.source::complete, round.subscriber::dispose);
			assertThat(this.stops).as("round %d", i).hasValue(i + 1);
		}
		assertThat(this.errors).hasValue(0);
	}

	@Test
	void failureRacingCancellationStopsTheObservationExactlyOnce() {
		for (int i = 0; i < ROUNDS; i++) {
			Round round = start();
			RaceTestUtils.race(() -> round.source.error(new EpithreStreamException("broke off", "req-1", null)),
					round.subscriber::dispose);
			assertThat(this.stops).as("round %d", i).hasValue(i + 1);
		}
		assertThat(this.errors.get()).isBetween(0, ROUNDS);
	}

	@Test
	void chunksRacingCancellationLeaveNoRequestIdInAnyThreadsMdc() {
		AtomicReference<String> leftOnOtherThread = new AtomicReference<>();
		for (int i = 0; i < ROUNDS; i++) {
			Round round = start();
			round.observation.responded("req-" + i, true);
			RaceTestUtils.race(() -> {
				round.source.next("a", "b");
				if (MDC.get(CallObservation.MDC_REQUEST_ID) != null) {
					leftOnOtherThread.set(MDC.get(CallObservation.MDC_REQUEST_ID));
				}
			}, () -> {
				round.subscriber.dispose();
				if (MDC.get(CallObservation.MDC_REQUEST_ID) != null) {
					leftOnOtherThread.set(MDC.get(CallObservation.MDC_REQUEST_ID));
				}
			});
			assertThat(this.stops).as("round %d", i).hasValue(i + 1);
			assertThat(round.subscriber.seenRequestIds.get()).as("round %d: every delivered chunk saw its request id", i)
				.isEqualTo(round.subscriber.delivered.get());
		}
		assertThat(leftOnOtherThread).hasNullValue();
		assertThat(MDC.get(CallObservation.MDC_REQUEST_ID)).isNull();
	}

	private Round start() {
		CallObservation observation = CallObservation.start(this.setup, "POST /chat/completions (stream)",
				new EpithreObservationContext("chat", "epithre-omni", true, "127.0.0.1", 80), Context.empty());
		TestPublisher<String> source = TestPublisher.createNoncompliant(TestPublisher.Violation.CLEANUP_ON_TERMINATE);
		Recording subscriber = new Recording();
		observation.scoped(source.flux(), CallObservation.Items.CHUNKS).subscribe(subscriber);
		return new Round(observation, source, subscriber);
	}

	private ObservationRegistry registry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				CallObservationRaceTests.this.stops.incrementAndGet();
			}

			@Override
			public void onError(Observation.Context context) {
				CallObservationRaceTests.this.errors.incrementAndGet();
			}

		});
		return registry;
	}

	private record Round(CallObservation observation, TestPublisher<String> source, Recording subscriber) {
	}

	/**
	 * Requests everything and counts the items it saw, and those it saw with a request id in the MDC.
	 */
	private static final class Recording extends BaseSubscriber<String> {

		final AtomicInteger seenRequestIds = new AtomicInteger();

		final AtomicInteger delivered = new AtomicInteger();

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			requestUnbounded();
		}

		@Override
		protected void hookOnNext(String value) {
			this.delivered.incrementAndGet();
			if (MDC.get(CallObservation.MDC_REQUEST_ID) != null) {
				this.seenRequestIds.incrementAndGet();
			}
		}

		@Override
		protected void hookOnError(Throwable throwable) {
		}

	}

}
