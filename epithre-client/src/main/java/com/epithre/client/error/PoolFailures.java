package com.epithre.client.error;

import java.lang.reflect.Method;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import com.epithre.client.error.EpithrePoolExhaustedException.Reason;

/**
 * Recognises a connection pool that refused to lend a connection and turns it into an
 * {@link EpithrePoolExhaustedException}. Reactor Netty raises reactor-pool's {@code PoolAcquirePendingLimitException}
 * or {@code PoolAcquireTimeoutException}, in a package it shades, so they are matched by simple name wherever they
 * sit in the cause chain (usually under a {@code WebClientRequestException}).
 *
 */
final class PoolFailures {

	private static final String PENDING_LIMIT = "PoolAcquirePendingLimitException";

	private static final String PENDING_TIMEOUT = "PoolAcquireTimeoutException";

	private static final int MAX_DEPTH = 32;

	private PoolFailures() {
	}

	/**
	 * Return the typed error for a pool failure anywhere in the cause chain, naming the pool, or {@code null} when
	 * the failure is not one. An {@link EpithrePoolExhaustedException} already in the chain is returned as it is.
	 * @param ex the failure
	 * @param operation the operation, such as {@code POST /v1/chat/completions}
	 * @param poolName the pool's name, if known
	 * @param maxConnections the pool's connection limit, or {@code -1} if not known
	 * @return the typed error or {@code null}
	 */
	static @Nullable EpithrePoolExhaustedException fromPoolFailure(Throwable ex, String operation,
			@Nullable String poolName, int maxConnections) {
		Throwable candidate = ex;
		for (int depth = 0; candidate != null && depth < MAX_DEPTH; depth++) {
			if (candidate instanceof EpithrePoolExhaustedException exhausted) {
				return exhausted;
			}
			String name = candidate.getClass().getSimpleName();
			if (PENDING_LIMIT.equals(name)) {
				Object limit = property(candidate, "getAcquirePendingLimit");
				return new EpithrePoolExhaustedException("Epithre " + operation + " got no connection from "
						+ pool(poolName, maxConnections) + ": its queue of requests waiting for one was full ("
						+ ((limit != null) ? limit + ", " : "") + Reason.PENDING_LIMIT.property() + "). " + advice(),
						poolName, maxConnections, Reason.PENDING_LIMIT, ex);
			}
			if (PENDING_TIMEOUT.equals(name)) {
				Object timeout = property(candidate, "getAcquireTimeout");
				return new EpithrePoolExhaustedException("Epithre " + operation + " got no connection from "
						+ pool(poolName, maxConnections) + " within "
						+ ((timeout instanceof Duration duration) ? duration.toMillis() + " ms" : "the time allowed")
						+ " (" + Reason.PENDING_TIMEOUT.property() + "): every connection stayed busy. " + advice(),
						poolName, maxConnections, Reason.PENDING_TIMEOUT, ex);
			}
			candidate = (candidate.getCause() != candidate) ? candidate.getCause() : null;
		}
		return null;
	}

	private static String pool(@Nullable String poolName, int maxConnections) {
		String name = (poolName != null) ? "connection pool '" + poolName + "'" : "the connection pool";
		return (maxConnections > 0) ? name + " (at most " + maxConnections
				+ ((maxConnections == 1) ? " connection" : " connections") + ", epithre.http.max-connections)" : name;
	}

	private static String advice() {
		return "Send fewer requests at once (epithre.concurrency.max-in-flight), or raise "
				+ "epithre.http.max-connections if the API allows more concurrent requests";
	}

	private static @Nullable Object property(Throwable ex, String getter) {
		try {
			Method method = ex.getClass().getMethod(getter);
			return method.invoke(ex);
		}
		catch (ReflectiveOperationException | RuntimeException ignored) {
			return null;
		}
	}

}
