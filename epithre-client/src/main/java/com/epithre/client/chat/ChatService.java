package com.epithre.client.chat;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.epithre.client.config.RequestOptions;

/**
 * Chat completions, {@code POST /v1/chat/completions} (docs/epithre-api.md, chat). Nothing is sent until subscription.
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
	 * Ask for JSON following the schema of a record or class and decode the answer into it (docs/epithre-api.md,
	 * structured output):
	 * the request gets a strict {@code json_schema} generated from the type unless it already has a response format.
	 * @param <T> the answer type
	 * @param request the request
	 * @param type the record or class the answer is decoded into
	 * @return the decoded answer; {@code EpithreOutputTruncatedException} when the answer ran out of tokens
	 * ({@code finish_reason: length}), {@code EpithreInvalidOutputException} when it is not valid JSON for the type
	 */
	<T> Mono<T> createStructured(ChatCompletionRequest request, Class<T> type);

	/**
	 * Ask for an answer, running the model's tool calls with the given Java functions until it answers without
	 * calling a tool (docs/epithre-api.md, tool calling): each step sends the conversation, runs every call of the
	 * turn (handlers run
	 * off the event loop), and sends the assistant message with its calls plus one {@code tool} message per call.
	 * Arguments that are not valid JSON for the function are answered with an error message the model can correct.
	 * @param request the request; its tools are replaced by the functions
	 * @param functions the functions the model may call
	 * @param maxSteps the most requests to send
	 * @return the final answer, or an {@code EpithreToolLoopException} when the model still calls tools after
	 * {@code maxSteps} requests or calls an unknown function
	 */
	Mono<ChatCompletion> createWithTools(ChatCompletionRequest request, List<ToolFunction<?>> functions, int maxSteps);

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
