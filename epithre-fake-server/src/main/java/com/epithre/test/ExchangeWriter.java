package com.epithre.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Writes a {@link ResponsePlan} to the wire and reports how the exchange ended.
 */
final class ExchangeWriter {

	private ExchangeWriter() {
	}

	/**
	 * Wait for the plan, then write it; {@code onFinish} receives {@code true} when the client closed the connection
	 * before the response was fully written, and runs once the response is written or the connection is gone.
	 */
	static Mono<Void> write(HttpServerResponse response, Channel channel, Mono<ResponsePlan> plan,
			Runnable beforeLastWrite, Consumer<Boolean> onFinish) {
		AtomicBoolean completed = new AtomicBoolean();
		AtomicBoolean closedByServer = new AtomicBoolean();
		Mono<Void> exchange = plan.flatMap((chosen) -> {
			Mono<Void> send = Mono.defer(() -> send(response, channel, chosen, closedByServer, beforeLastWrite));
			return chosen.firstByteDelay().isZero() ? send : Mono.delay(chosen.firstByteDelay()).then(send);
		});
		return exchange.doOnSuccess((ignored) -> completed.set(true))
			.onErrorResume((ex) -> !channel.isActive(), (ex) -> Mono.empty())
			.takeUntilOther(closed(channel))
			.doFinally((signal) -> onFinish
				.accept(signal != SignalType.ON_ERROR && !completed.get() && !closedByServer.get()));
	}

	private static Mono<Void> send(HttpServerResponse response, Channel channel, ResponsePlan plan,
			AtomicBoolean closedByServer, Runnable beforeLastWrite) {
		if (plan.dropConnection()) {
			return Mono.fromRunnable(() -> closeByServer(channel, closedByServer));
		}
		response.status(plan.status());
		plan.headers().forEach((header) -> response.header(header.getKey(), header.getValue()));
		if (!plan.streaming()) {
			response.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(plan.body().length));
			return response.sendByteArray(Mono.fromSupplier(() -> {
				beforeLastWrite.run();
				return plan.body();
			})).then();
		}
		// one ByteBuf per event or segment, each flushed on its own: the client must see them as they come
		int last = plan.segments().size() - 1;
		Flux<ByteBuf> chunks = paced(plan.segments(), plan.chunkDelay(), channel.eventLoop()).index().map((indexed) -> {
			if (indexed.getT1() == last && !plan.abortAtEnd()) {
				beforeLastWrite.run();
			}
			return Unpooled.wrappedBuffer(indexed.getT2());
		});
		Mono<Void> stream = response.sendHeaders()
			.then()
			.then(Mono.defer(() -> response.send(chunks, (buffer) -> true).then()));
		if (plan.abortAtEnd()) {
			stream = stream.then(Mono.fromRunnable(() -> closeByServer(channel, closedByServer)));
		}
		return stream;
	}

	/**
	 * The segments, the first at once and each next one {@code delay} after the one before. The timers run on the
	 * connection's own event loop, so that each write happens there without a hand-off between threads: with a
	 * thousand paced streams a timer thread handing every event to the event loops costs the server a wake-up per
	 * event, on the same cores as the client under test.
	 */
	private static Flux<byte[]> paced(List<byte[]> segments, Duration delay, EventLoop eventLoop) {
		if (delay.isZero()) {
			return Flux.fromIterable(segments);
		}
		return Flux.create((sink) -> eventLoop.execute(new Pacer(segments, delay.toNanos(), eventLoop, sink)),
				FluxSink.OverflowStrategy.BUFFER);
	}

	private static void closeByServer(Channel channel, AtomicBoolean closedByServer) {
		closedByServer.set(true);
		// a plain close (FIN) after the flushed writes, so the client still reads what was sent before the cut
		channel.close();
	}

	private static Mono<Void> closed(Channel channel) {
		return Mono.create((sink) -> {
			ChannelFuture closeFuture = channel.closeFuture();
			ChannelFutureListener listener = (future) -> sink.success();
			closeFuture.addListener(listener);
			sink.onDispose(() -> closeFuture.removeListener(listener));
		});
	}

	/**
	 * Emits one segment per run and schedules the next run on the same event loop; cancelling the stream cancels the
	 * pending timer.
	 */
	private static final class Pacer implements Runnable {

		private final List<byte[]> segments;

		private final long delayNanos;

		private final EventLoop eventLoop;

		private final FluxSink<byte[]> sink;

		private int next;

		private volatile @Nullable Future<?> timer;

		Pacer(List<byte[]> segments, long delayNanos, EventLoop eventLoop, FluxSink<byte[]> sink) {
			this.segments = segments;
			this.delayNanos = delayNanos;
			this.eventLoop = eventLoop;
			this.sink = sink;
			sink.onDispose(() -> {
				Future<?> pending = this.timer;
				if (pending != null) {
					pending.cancel(false);
				}
			});
		}

		@Override
		public void run() {
			if (this.sink.isCancelled()) {
				return;
			}
			if (this.next == this.segments.size()) {
				this.sink.complete();
				return;
			}
			this.sink.next(this.segments.get(this.next++));
			if (this.next == this.segments.size()) {
				this.sink.complete();
			}
			else {
				this.timer = this.eventLoop.schedule(this, this.delayNanos, TimeUnit.NANOSECONDS);
			}
		}

	}

}
