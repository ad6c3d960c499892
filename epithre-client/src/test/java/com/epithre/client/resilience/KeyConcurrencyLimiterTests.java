package com.epithre.client.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import com.epithre.client.config.ConcurrencyPolicy;
import com.epithre.client.error.EpithreBulkheadFullException;

import static org.assertj.core.api.Assertions.assertThat;

class KeyConcurrencyLimiterTests {

	private static final String KEY = "esk_test_0123456789abcdefghijklmnopqrstuv";

	private final EpithreResilience resilience = EpithreResilience.create();

	@Test
	void waitersAreServedInArrivalOrderWithoutBlockingTheSubscriber() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults().withMaxInFlight(1));
		KeyConcurrencyLimiter.Permit first = limiter.acquire().block(Duration.ofSeconds(1));
		List<String> order = new ArrayList<>();
		List<KeyConcurrencyLimiter.Permit> permits = new ArrayList<>();
		for (String name : List.of("a", "b", "c")) {
			// subscribe returns at once: waiting for a permit holds no thread
			limiter.acquire().subscribe((permit) -> {
				synchronized (order) {
					order.add(name);
					permits.add(permit);
				}
			});
		}
		assertThat(limiter.getWaiting()).isEqualTo(3);
		assertThat(limiter.getInFlight()).isEqualTo(1);
		first.release();
		assertThat(order).containsExactly("a");
		permits.get(0).release();
		permits.get(1).release();
		assertThat(order).containsExactly("a", "b", "c");
		assertThat(limiter.getWaiting()).isZero();
		permits.get(2).release();
		assertThat(limiter.getInFlight()).isZero();
	}

	@Test
	void releasingTwiceGivesBackOnePermit() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults().withMaxInFlight(2));
		KeyConcurrencyLimiter.Permit permit = limiter.acquire().block(Duration.ofSeconds(1));
		limiter.acquire().block(Duration.ofSeconds(1));
		permit.release();
		permit.release();
		assertThat(limiter.getInFlight()).isEqualTo(1);
	}

	@Test
	void cancelledWaiterLeavesTheLineWithoutTakingAPermit() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults().withMaxInFlight(1));
		KeyConcurrencyLimiter.Permit held = limiter.acquire().block(Duration.ofSeconds(1));
		Disposable cancelled = limiter.acquire().subscribe();
		List<KeyConcurrencyLimiter.Permit> next = new ArrayList<>();
		limiter.acquire().subscribe(next::add);
		cancelled.dispose();
		assertThat(limiter.getWaiting()).isEqualTo(1);
		held.release();
		assertThat(next).hasSize(1);
		next.get(0).release();
		assertThat(limiter.getInFlight()).isZero();
		assertThat(limiter.getWaiting()).isZero();
	}

	@Test
	void fullQueueFailsAtOnceNamingTheProperty() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults().withMaxInFlight(1).withMaxQueue(1));
		limiter.acquire().block(Duration.ofSeconds(1));
		limiter.acquire().subscribe();
		StepVerifier.create(limiter.acquire())
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreBulkheadFullException.class)
				.hasMessageContaining("epithre.concurrency.max-queue")
				.hasMessageContaining("esk_test_012...")
				.hasMessageNotContaining(KEY))
			.verify(Duration.ofSeconds(5));
		assertThat(limiter.getWaiting()).isEqualTo(1);
	}

	@Test
	void waiterFailsAfterMaxWaitNamingTheProperty() {
		KeyConcurrencyLimiter limiter = limiter(
				ConcurrencyPolicy.defaults().withMaxInFlight(1).withMaxWait(Duration.ofMillis(100)));
		KeyConcurrencyLimiter.Permit held = limiter.acquire().block(Duration.ofSeconds(1));
		StepVerifier.create(limiter.acquire())
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(EpithreBulkheadFullException.class)
				.hasMessageContaining("epithre.concurrency.max-wait")
				.hasMessageContaining("100 ms"))
			.verify(Duration.ofSeconds(5));
		assertThat(limiter.getWaiting()).isZero();
		held.release();
		assertThat(limiter.getInFlight()).isZero();
	}

	@Test
	void concurrencyExceededLowersTheLimitToBelowWhatWasInFlight() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults());
		List<KeyConcurrencyLimiter.Permit> held = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			held.add(limiter.acquire().block(Duration.ofSeconds(1)));
		}
		limiter.onConcurrencyExceeded();
		assertThat(limiter.getCurrentLimit()).isEqualTo(6);
		List<KeyConcurrencyLimiter.Permit> late = new ArrayList<>();
		limiter.acquire().subscribe(late::add);
		held.remove(0).release();
		assertThat(late).as("6 are still in flight, the limit").isEmpty();
		held.remove(0).release();
		assertThat(late).hasSize(1);
	}

	@Test
	void callsRefusedTogetherLowerTheLimitOnceToBelowTheLowestOfThem() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults().withMaxInFlight(40));
		for (int inFlightWhenSent = 40; inFlightWhenSent >= 11; inFlightWhenSent--) {
			limiter.onConcurrencyExceeded(inFlightWhenSent);
		}
		assertThat(limiter.getCurrentLimit()).isEqualTo(10);
		limiter.onConcurrencyExceeded(12);
		assertThat(limiter.getCurrentLimit()).isEqualTo(10);
	}

	@Test
	void limitRecoversOneStepPerQuietIntervalAndNeverAboveTheConfiguredMaximum() {
		KeyConcurrencyLimiter limiter = limiter(
				ConcurrencyPolicy.defaults().withMaxInFlight(3).withRecoveryInterval(Duration.ZERO));
		List<KeyConcurrencyLimiter.Permit> held = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			held.add(limiter.acquire().block(Duration.ofSeconds(1)));
		}
		limiter.onConcurrencyExceeded();
		assertThat(limiter.getCurrentLimit()).isEqualTo(2);
		limiter.onSuccess();
		assertThat(limiter.getCurrentLimit()).isEqualTo(3);
		limiter.onSuccess();
		assertThat(limiter.getCurrentLimit()).isEqualTo(3);
	}

	@Test
	void nonAdaptiveLimitStaysPut() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults().withAdaptive(false));
		limiter.acquire().block(Duration.ofSeconds(1));
		limiter.onConcurrencyExceeded();
		assertThat(limiter.getCurrentLimit()).isEqualTo(10);
	}

	@Test
	void oneLimiterPerKeySharedAcrossCallersAndNamedWithoutTheKey() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults());
		assertThat(this.resilience.limiter(KEY, ConcurrencyPolicy.defaults().withMaxInFlight(3))).isSameAs(limiter);
		assertThat(this.resilience.limiter(KEY.replace('0', '9'), ConcurrencyPolicy.defaults())).isNotSameAs(limiter);
		assertThat(this.resilience.getLimiters().keySet()).allSatisfy((name) -> assertThat(name)
			.startsWith("epithre-esk_test_")
			.doesNotContain("3456789abcdef"));
	}

	@Test
	void permitsHeldByManyConcurrentCallersAllComeBack() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults().withMaxInFlight(3));
		List<Integer> done = reactor.core.publisher.Flux.range(0, 200)
			.flatMap((i) -> reactor.core.publisher.Flux.usingWhen(limiter.acquire(),
					(permit) -> Mono.delay(Duration.ofMillis(1)).thenReturn(i),
					(permit) -> Mono.fromRunnable(permit::release)), 200)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(done).hasSize(200);
		assertThat(limiter.getInFlight()).isZero();
		assertThat(limiter.getWaiting()).isZero();
	}

	@Test
	void cancellingWaitersWhilePermitsMoveLosesNone() {
		KeyConcurrencyLimiter limiter = limiter(ConcurrencyPolicy.defaults().withMaxInFlight(2));
		List<Long> done = reactor.core.publisher.Flux.range(0, 300)
			.flatMap((i) -> reactor.core.publisher.Flux.usingWhen(limiter.acquire(),
					(permit) -> Mono.delay(Duration.ofMillis(2)), (permit) -> Mono.fromRunnable(permit::release))
				.take(Duration.ofMillis((i % 3 == 0) ? 1 : 1000)), 300)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(done).hasSizeLessThan(300);
		assertThat(limiter.getInFlight()).isZero();
		assertThat(limiter.getWaiting()).isZero();
		StepVerifier.create(limiter.acquire().doOnNext(KeyConcurrencyLimiter.Permit::release))
			.expectNextCount(1)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	private KeyConcurrencyLimiter limiter(ConcurrencyPolicy policy) {
		return this.resilience.limiter(KEY, policy);
	}

}
