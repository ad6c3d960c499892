package com.epithre.test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Counts the server's TCP connections and closes keep-alive connections that stay idle, the way a proxy or load
 * balancer in front of the API does. A connection is idle from its acceptance or the end of its last response until
 * the next request arrives; every change of state runs on the connection's event loop.
 */
final class ConnectionTracker {

	private static final AttributeKey<IdleState> IDLE_STATE = AttributeKey.valueOf(ConnectionTracker.class, "idle");

	private final AtomicInteger accepted = new AtomicInteger();

	private final Set<Channel> open = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Duration idleTimeout;

	void idleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	void opened(Channel channel) {
		this.accepted.incrementAndGet();
		this.open.add(channel);
		channel.attr(IDLE_STATE).set(new IdleState());
		channel.closeFuture().addListener((future) -> this.open.remove(channel));
		channel.eventLoop().execute(() -> becameIdle(channel));
	}

	void requestStarted(Channel channel) {
		channel.eventLoop().execute(() -> {
			IdleState state = channel.attr(IDLE_STATE).get();
			if (state != null) {
				state.busy++;
				state.cancelTimer();
			}
		});
	}

	void responseFinished(Channel channel) {
		channel.eventLoop().execute(() -> {
			IdleState state = channel.attr(IDLE_STATE).get();
			if (state != null) {
				state.busy = Math.max(0, state.busy - 1);
				becameIdle(channel);
			}
		});
	}

	int acceptedCount() {
		return this.accepted.get();
	}

	int openCount() {
		return this.open.size();
	}

	void resetCount() {
		this.accepted.set(0);
	}

	private void becameIdle(Channel channel) {
		IdleState state = channel.attr(IDLE_STATE).get();
		Duration timeout = this.idleTimeout;
		if (state == null || state.busy > 0 || timeout == null || !channel.isActive()) {
			return;
		}
		state.cancelTimer();
		state.timer = channel.eventLoop().schedule(() -> {
			if (state.busy == 0) {
				channel.close();
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Per-connection state, only touched on the connection's event loop.
	 */
	private static final class IdleState {

		int busy;

		@Nullable ScheduledFuture<?> timer;

		void cancelTimer() {
			ScheduledFuture<?> current = this.timer;
			if (current != null) {
				current.cancel(false);
				this.timer = null;
			}
		}

	}

}
