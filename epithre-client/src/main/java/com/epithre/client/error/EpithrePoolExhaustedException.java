package com.epithre.client.error;

import org.jspecify.annotations.Nullable;

/**
 * The request never left the client: its HTTP connection pool had no free connection, and either too many requests
 * were already waiting for one or the wait took too long. Sending fewer requests at once or a larger pool helps;
 * retrying at once does not.
 *
 * @since 0.1.0
 */
public class EpithrePoolExhaustedException extends EpithreTransportException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String poolName;

	private final int maxConnections;

	private final Reason reason;

	public EpithrePoolExhaustedException(String message, @Nullable String poolName, int maxConnections, Reason reason,
			@Nullable Throwable cause) {
		super(message, null, cause);
		this.poolName = poolName;
		this.maxConnections = maxConnections;
		this.reason = reason;
	}

	/**
	 * Return the typed error for a Reactor Netty pool refusal ({@code PoolAcquirePendingLimitException},
	 * {@code PoolAcquireTimeoutException}) anywhere in a failure's cause chain, naming the pool; for an exchange
	 * filter of a {@code WebClient} whose pool is known. An {@code EpithrePoolExhaustedException} already in the chain
	 * is returned as it is.
	 * @param ex the failure
	 * @param operation the operation, such as {@code POST /chat/completions}
	 * @param poolName the pool's name, if known
	 * @param maxConnections the pool's connection limit, or {@code -1} if not known
	 * @return the typed error, or {@code null} when the failure is not a pool refusal
	 */
	public static @Nullable EpithrePoolExhaustedException fromPoolFailure(Throwable ex, String operation,
			@Nullable String poolName, int maxConnections) {
		return PoolFailures.fromPoolFailure(ex, operation, poolName, maxConnections);
	}

	/**
	 * Return the name of the exhausted connection pool, when known.
	 * @return the pool name or {@code null}
	 */
	public @Nullable String getPoolName() {
		return this.poolName;
	}

	/**
	 * Return the most connections the pool may open, or {@code -1} when not known.
	 * @return the pool's connection limit
	 */
	public int getMaxConnections() {
		return this.maxConnections;
	}

	/**
	 * Return which of the pool's limits refused the request.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * The pool limits that refuse a request.
	 */
	public enum Reason {

		/** As many requests as allowed already waited for a connection. */
		PENDING_LIMIT("epithre.http.pending-acquire-max-count"),

		/** The request waited longer than allowed for a connection. */
		PENDING_TIMEOUT("epithre.http.pending-acquire-timeout");

		private final String property;

		Reason(String property) {
			this.property = property;
		}

		/**
		 * Return the Spring Boot property that sets this limit.
		 * @return the property name
		 */
		public String property() {
			return this.property;
		}

	}

}
