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

	volatile boolean responded;

	volatile @Nullable String requestId;

	private volatile @Nullable Runnable answerCompleteListener;

	CallState(String operation, CallTrace trace) {
		this.operation = operation;
		this.trace = trace;
	}

	/**
	 * Be told when the answer is complete.
	 * @param listener called once, on the thread that read the end of the answer
	 */
	void onAnswerComplete(Runnable listener) {
		this.answerCompleteListener = listener;
	}

	/**
	 * The whole answer arrived (a stream's {@code [DONE]}): nothing may time out or be retried any more.
	 */
	void answerComplete() {
		this.trace.done = true;
		Runnable listener = this.answerCompleteListener;
		if (listener != null) {
			listener.run();
		}
	}

	void responded(ClientResponse response) {
		this.requestId = response.headers().asHttpHeaders().getFirst(REQUEST_ID_HEADER);
		this.trace.requestId = this.requestId;
		this.responded = true;
	}

}
