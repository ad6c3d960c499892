package com.epithre.benchmarks.harness;

import java.util.concurrent.CompletionStage;

/**
 * One chat client under test, reduced to the two calls the comparison makes: a streamed chat whose text deltas are
 * reported to a {@link StreamProbe}, and a whole (non-streamed) chat for the 429 storm.
 *
 * @since 0.1.0
 */
public interface ClientAdapter extends AutoCloseable {

	/**
	 * Start one streamed chat and return without waiting for it; report every non-empty text delta with
	 * {@link StreamProbe#onToken()}, then {@link StreamProbe#onComplete()} or {@link StreamProbe#onError(Throwable)}.
	 * @param prompt the user message
	 * @param probe where the stream's events go
	 */
	void stream(String prompt, StreamProbe probe);

	/**
	 * Send one whole chat with the client's default retry configuration.
	 * @param prompt the user message
	 * @return completes when the answer arrived, fails when the client gave up
	 */
	CompletionStage<?> call(String prompt);

	@Override
	default void close() {
	}

}
