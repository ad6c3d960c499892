package com.epithre.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Flux;
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
		Flux<ByteBuf> chunks = paced(plan.segments(), plan.chunkDelay()).index().map((indexed) -> {
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

	private static Flux<byte[]> paced(List<byte[]> segments, Duration delay) {
		if (delay.isZero()) {
			return Flux.fromIterable(segments);
		}
		return Flux.fromIterable(segments)
			.index()
			.concatMap((indexed) -> (indexed.getT1() == 0) ? Mono.just(indexed.getT2())
					: Mono.delay(delay).thenReturn(indexed.getT2()));
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

}
