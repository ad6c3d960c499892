package com.epithre.client.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One of the client's timeouts expired; {@link #getTimeout()} tells which and {@link #getDuration()} its length.
 *
 * @since 0.1.0
 */
public class EpithreTimeoutException extends EpithreTransportException {

	private static final long serialVersionUID = 1L;

	private final Timeout timeout;

	private final Duration duration;

	public EpithreTimeoutException(String operation, Timeout timeout, Duration duration, @Nullable String requestId) {
		super("Epithre " + operation + " timed out: no " + timeout.waitedFor + " within " + duration.toMillis()
				+ " ms (" + timeout.property + ") [request id " + ((requestId != null) ? requestId : "none") + "]",
				requestId, null);
		this.timeout = timeout;
		this.duration = duration;
	}

	/**
	 * Return which timeout expired.
	 * @return the timeout kind
	 */
	public Timeout getTimeout() {
		return this.timeout;
	}

	/**
	 * Return the configured length of the timeout that expired.
	 * @return the duration
	 */
	public Duration getDuration() {
		return this.duration;
	}

	/**
	 * The client's timeouts.
	 */
	public enum Timeout {

		/** Time until the response (or, for a stream, its first event) started. */
		RESPONSE("response", "epithre.response-timeout"),

		/** Longest gap between two events of a stream. */
		STREAM_IDLE("stream event", "epithre.stream.idle-timeout"),

		/** Deadline for the whole call, stream included. */
		TOTAL("complete answer", "epithre.total-timeout");

		private final String waitedFor;

		private final String property;

		Timeout(String waitedFor, String property) {
			this.waitedFor = waitedFor;
			this.property = property;
		}

	}

}
