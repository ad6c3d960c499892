package com.epithre.client.internal;

import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * One attempt of a call: whether a response arrived and its {@code X-Request-ID}.
 */
final class CallState {

	private static final String REQUEST_ID_HEADER = "X-Request-ID";

	final String operation;

	final CallTrace trace;

	/** The first characters of the key the attempt is sent with, for messages. */
	final @Nullable String keyPrefix;

	volatile boolean responded;

	volatile @Nullable String requestId;

	/** Whether the attempt delivered an item, which turns the response timeout into the idle timeout. */
	volatile boolean itemSeen;

	CallState(String operation, CallTrace trace, @Nullable String keyPrefix) {
		this.operation = operation;
		this.trace = trace;
		this.keyPrefix = keyPrefix;
	}

	void responded(ClientResponse response) {
		this.requestId = response.headers().asHttpHeaders().getFirst(REQUEST_ID_HEADER);
		this.trace.requestId = this.requestId;
		this.responded = true;
	}

}
