package com.epithre.client.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream operator's contract with its body and its subscriber: demand, read-ahead, the end of the body, failures,
 * cancellation, and every read released exactly once.
 */
class SseEventFluxTests {

	private static final Duration VERIFY = Duration.ofSeconds(10);

	private static final JsonReader JSON = JsonReader.from(ExchangeStrategies.withDefaults());

	private static final String DONE = "data: [DONE]\n\n";

	@Test
	void deliversOneChunkPerRequestedItemEvenWhenOneReadHoldsMany() {
		TrackingBuffers reads = tracked(chunks(0, 5) + DONE);
		StepVerifier.create(events(Flux.fromIterable(reads.wrapped()), new CallState("op", new CallTrace())), 0)
			.thenRequest(1)
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("t0"))
			.expectNoEvent(Duration.ofMillis(50))
			.thenRequest(2)
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("t1"))
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("t2"))
			.thenRequest(Long.MAX_VALUE)
			.expectNextCount(2)
			.expectComplete()
			.verify(VERIFY);
		assertThat(reads.released()).isEqualTo(1);
	}

	@Test
	void slowSubscriberHoldsBackReadsAtThePrefetch() {
		AtomicLong requested = new AtomicLong();
		List<String> reads = IntStream.range(0, 200).mapToObj((i) -> chunks(i, i + 1)).toList();
		TrackingBuffers buffers = tracked(reads.toArray(String[]::new));
		Flux<DataBuffer> body = Flux.fromIterable(buffers.wrapped()).doOnRequest(requested::addAndGet);
		StepVerifier.create(events(body, new CallState("op", new CallTrace())), 3)
			.expectNextCount(3)
			.expectNoEvent(Duration.ofMillis(50))
			.then(() -> assertThat(requested.get()).isEqualTo(SseEventFlux.PREFETCH))
			.thenCancel()
			.verify(VERIFY);
		assertThat(buffers.released()).isEqualTo(SseEventFlux.PREFETCH);
	}

	@Test
	void readsEverythingAfterDoneWithoutDemandAndCompletes() {
		CallState state = new CallState("op", new CallTrace());
		List<String> reads = new ArrayList<>(List.of(chunks(0, 1) + DONE));
		IntStream.range(0, 100).forEach((i) -> reads.add(": keep-alive\n\n"));
		TrackingBuffers buffers = tracked(reads.toArray(String[]::new));
		StepVerifier.create(events(Flux.fromIterable(buffers.wrapped()), state), 1)
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("t0"))
			.expectComplete()
			.verify(VERIFY);
		assertThat(state.trace.done).isTrue();
		assertThat(buffers.released()).isEqualTo(101);
	}

	@Test
	void doneIsNotAnsweredBeforeTheChunksAheadOfItAreDelivered() {
		CallState state = new CallState("op", new CallTrace());
		StepVerifier.create(events(Flux.fromIterable(tracked(chunks(0, 3) + DONE).wrapped()), state), 2)
			.expectNextCount(2)
			.then(() -> assertThat(state.trace.done).isFalse())
			.thenRequest(1)
			.expectNextCount(1)
			.expectComplete()
			.verify(VERIFY);
		assertThat(state.trace.done).isTrue();
	}

	@Test
	void errorEventEndsTheStreamAfterTheChunksBeforeItAndReleasesTheRest() {
		List<String> reads = new ArrayList<>(List.of(chunks(0, 2),
				"data: {\"error\":{\"message\":\"busy\",\"type\":\"server_error\",\"code\":\"backend_error\"}}\n\n"));
		IntStream.range(0, 10).forEach((i) -> reads.add(chunks(i, i + 1)));
		TrackingBuffers buffers = tracked(reads.toArray(String[]::new));
		AtomicLong cancelled = new AtomicLong();
		AtomicLong sent = new AtomicLong();
		Flux<DataBuffer> body = Flux.fromIterable(buffers.wrapped())
			.doOnNext((read) -> sent.incrementAndGet())
			.doOnCancel(cancelled::incrementAndGet);
		StepVerifier.create(events(body, new CallState("op", new CallTrace())))
			.expectNextCount(2)
			.expectError(EpithreStreamErrorEventException.class)
			.verify(VERIFY);
		assertThat(cancelled).hasValue(1);
		assertThat(sent.get()).isLessThan(12);
		assertThat(buffers.released()).isEqualTo(sent.get());
	}

	@Test
	void bodyEndingWithoutDoneIsATruncatedAnswerNamingTheRequestId() {
		CallState state = new CallState("POST /chat/completions (stream)", new CallTrace());
		state.requestId = "req_42";
		// the last event has no blank line after it: the end of the body completes it
		StepVerifier.create(events(Flux.fromIterable(tracked(chunks(0, 1), "data: {\"choices\":[{\"index\":0,"
				+ "\"delta\":{\"content\":\"last\"}}]}").wrapped()), state))
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("t0"))
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("last"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EpithreStreamException.class)
				.hasMessageContaining("ended without data: [DONE]")
				.hasMessageContaining("req_42"))
			.verify(VERIFY);
	}

	@Test
	void bodyFailureBeforeDoneReachesTheSubscriberAndAfterDoneDoesNot() {
		IOException reset = new IOException("Connection reset by peer");
		StepVerifier.create(events(Flux.concat(Flux.fromIterable(tracked(chunks(0, 1)).wrapped()), Flux.error(reset)),
				new CallState("op", new CallTrace())))
			.expectNextCount(1)
			.expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(reset))
			.verify(VERIFY);
		StepVerifier
			.create(events(Flux.concat(Flux.fromIterable(tracked(chunks(0, 1) + DONE).wrapped()), Flux.error(reset)),
					new CallState("op", new CallTrace())))
			.expectNextCount(1)
			.expectComplete()
			.verify(VERIFY);
	}

	@Test
	void cancellingFromAnotherThreadWhileReadsArriveReleasesEveryRead() throws InterruptedException {
		for (int round = 0; round < 200; round++) {
			TrackingBuffers buffers = tracked(IntStream.range(0, 64).mapToObj((i) -> chunks(i, i + 1)).toArray(String[]::new));
			Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
			CountDownLatch firstChunk = new CountDownLatch(1);
			// what the sink still holds at the cancel is the body's to release, as Reactor Netty does with its queue
			Flux<DataBuffer> reads = body.asFlux().doOnDiscard(DataBuffer.class, DataBufferUtils::release);
			Disposable subscription = events(reads, new CallState("op", new CallTrace()))
				.subscribeOn(Schedulers.parallel())
				.subscribe((chunk) -> firstChunk.countDown());
			Thread feeder = new Thread(() -> buffers.wrapped().forEach((read) -> {
				if (body.tryEmitNext(read).isFailure()) {
					DataBufferUtils.release(read);
				}
			}));
			feeder.start();
			assertThat(firstChunk.await(10, TimeUnit.SECONDS)).isTrue();
			subscription.dispose();
			feeder.join(10_000);
			body.tryEmitComplete();
			assertThat(awaitReleased(buffers, 64)).as("round %d", round).isEqualTo(64);
		}
	}

	@Test
	void aBodySendingMoreReadsThanRequestedFailsAfterTheReadsItWasAskedForAndEveryReadIsReleased() {
		int sent = SseEventFlux.PREFETCH + 8;
		TrackingBuffers buffers = tracked(IntStream.range(0, sent).mapToObj((i) -> chunks(i, i + 1)).toArray(String[]::new));
		AtomicReference<Subscriber<? super DataBuffer>> body = new AtomicReference<>();
		Publisher<DataBuffer> ignoringDemand = (subscriber) -> {
			subscriber.onSubscribe(new Subscription() {

				@Override
				public void request(long n) {
				}

				@Override
				public void cancel() {
				}

			});
			body.set(subscriber);
		};
		List<String> texts = new ArrayList<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		BaseSubscriber<ChatCompletionChunk> subscriber = new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				subscription.request(3);
			}

			@Override
			protected void hookOnNext(ChatCompletionChunk chunk) {
				texts.add(chunk.text());
			}

			@Override
			protected void hookOnError(Throwable error) {
				failure.set(error);
			}

		};
		events(Flux.from(ignoringDemand), new CallState("op", new CallTrace())).subscribe(subscriber);
		// the subscriber has stopped at 3: the reads pile up, up to what was requested from the body
		buffers.wrapped().forEach(body.get()::onNext);
		body.get().onComplete();
		assertThat(texts).hasSize(3);
		subscriber.request(Long.MAX_VALUE);
		assertThat(texts).hasSize(SseEventFlux.PREFETCH).endsWith("t" + (SseEventFlux.PREFETCH - 1));
		assertThat(failure.get()).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("more reads than requested");
		assertThat(buffers.released()).isEqualTo(sent);
	}

	private static long awaitReleased(TrackingBuffers buffers, long expected) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (buffers.released() < expected && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
		return buffers.released();
	}

	private static Flux<ChatCompletionChunk> events(Flux<DataBuffer> body, CallState state) {
		return SseEventReader.events(body, ChatCompletionChunk.class, state, JSON, "esk_test_012", 1 << 16);
	}

	/** Chunk events {@code t<from>} to {@code t<to - 1>}, in one string. */
	private static String chunks(int from, int to) {
		StringBuilder events = new StringBuilder();
		for (int i = from; i < to; i++) {
			events.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",")
				.append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t")
				.append(i)
				.append("\"},\"finish_reason\":null}]}\n\n");
		}
		return events.toString();
	}

	private static TrackingBuffers tracked(String... reads) {
		List<DataBuffer> buffers = new ArrayList<>();
		for (String read : reads) {
			buffers.add(DefaultDataBufferFactory.sharedInstance.wrap(read.getBytes(StandardCharsets.UTF_8)));
		}
		return new TrackingBuffers(buffers);
	}

}
