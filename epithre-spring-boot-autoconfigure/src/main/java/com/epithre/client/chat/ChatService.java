package com.epithre.client.chat;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.epithre.client.RequestOptions;

/**
 * Chat completions, {@code POST /v1/chat/completions} (EPITHRE-API.md 4). Nothing is sent until subscription.
 *
 * @since 0.1.0
 */
public interface ChatService {

	/**
	 * Ask for a whole answer at once.
	 * @param request the request; its {@code stream} flag is ignored
	 * @return the answer, or a typed {@code EpithreException}
	 */
	default Mono<ChatCompletion> create(ChatCompletionRequest request) {
		return create(request, RequestOptions.none());
	}

	/**
	 * Ask for a whole answer at once, with per-call timeouts.
	 * @param request the request; its {@code stream} flag is ignored
	 * @param options per-call overrides
	 * @return the answer, or a typed {@code EpithreException}
	 */
	Mono<ChatCompletion> create(ChatCompletionRequest request, RequestOptions options);

	/**
	 * Stream the answer as it is generated. The flux completes at {@code data: [DONE]} and fails with an
	 * {@code EpithreStreamException} if the stream ends without it; cancelling it closes the connection so
	 * generation and billing stop. {@code stream_options.include_usage} is sent unless the request sets its own
	 * stream options or the client turned it off. Use {@link ChatCompletionAccumulator} to get the whole answer too.
	 * @param request the request
	 * @return the chunks
	 */
	default Flux<ChatCompletionChunk> stream(ChatCompletionRequest request) {
		return stream(request, RequestOptions.none());
	}

	/**
	 * Stream the answer as it is generated, with per-call timeouts.
	 * @param request the request
	 * @param options per-call overrides
	 * @return the chunks
	 * @see #stream(ChatCompletionRequest)
	 */
	Flux<ChatCompletionChunk> stream(ChatCompletionRequest request, RequestOptions options);

}
