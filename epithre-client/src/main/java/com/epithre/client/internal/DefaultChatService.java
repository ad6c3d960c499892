package com.epithre.client.internal;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.ChatService;
import com.epithre.client.chat.StreamOptions;
import com.epithre.client.chat.StructuredOutput;
import com.epithre.client.chat.ToolFunction;
import com.epithre.client.config.RequestOptions;

/**
 * {@link ChatService} over {@link EpithreHttp}.
 */
final class DefaultChatService implements ChatService {

	static final String PATH = "/chat/completions";

	private final EpithreHttp http;

	private final RequestOptions defaults;

	DefaultChatService(EpithreHttp http) {
		this(http, RequestOptions.none());
	}

	DefaultChatService(EpithreHttp http, RequestOptions defaults) {
		this.http = http;
		this.defaults = defaults;
	}

	@Override
	public Mono<ChatCompletion> create(ChatCompletionRequest request, RequestOptions options) {
		return this.http.post(PATH, request.withStream(null, null), ChatCompletion.class,
				options.withDefaults(this.defaults), request.model(), true);
	}

	@Override
	public <T> Mono<T> createStructured(ChatCompletionRequest request, Class<T> type) {
		ChatCompletionRequest structured = (request.responseFormat() != null) ? request
				: request.toBuilder().responseFormat(StructuredOutput.responseFormat(type)).build();
		return create(structured, RequestOptions.none())
			.map((completion) -> StructuredOutputDecoder.decode(completion, type, this.http.jsonCodec()));
	}

	@Override
	public Mono<ChatCompletion> createWithTools(ChatCompletionRequest request, List<ToolFunction<?>> functions,
			int maxSteps) {
		return new ToolLoop((next) -> create(next, RequestOptions.none()), this.http, functions, maxSteps).run(request);
	}

	@Override
	public Flux<ChatCompletionChunk> stream(ChatCompletionRequest request, RequestOptions options) {
		StreamOptions streamOptions = (request.streamOptions() != null) ? request.streamOptions()
				: this.http.settings().includeUsage() ? new StreamOptions(true) : null;
		return this.http.stream(PATH, request.withStream(true, streamOptions), ChatCompletionChunk.class,
				options.withDefaults(this.defaults), request.model());
	}

}
