package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.util.Assert;

import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.ChatMessage;
import com.epithre.client.chat.Tool;
import com.epithre.client.chat.ToolCall;
import com.epithre.client.chat.ToolFunction;
import com.epithre.client.error.EpithreToolLoopException;

/**
 * Runs the tool-calling loop of docs/epithre-api.md, tool calling: ask, run the calls of the turn, send the results,
 * until the model
 * answers without calling a tool.
 */
final class ToolLoop {

	private final Function<ChatCompletionRequest, Mono<ChatCompletion>> send;

	private final EpithreHttp http;

	private final Map<String, ToolFunction<?>> functions = new LinkedHashMap<>();

	private final int maxSteps;

	ToolLoop(Function<ChatCompletionRequest, Mono<ChatCompletion>> send, EpithreHttp http,
			List<ToolFunction<?>> functions, int maxSteps) {
		Assert.notEmpty(functions, "functions must not be empty");
		Assert.isTrue(maxSteps >= 1, "maxSteps must be at least 1");
		this.send = send;
		this.http = http;
		functions.forEach((function) -> this.functions.put(function.name(), function));
		this.maxSteps = maxSteps;
	}

	Mono<ChatCompletion> run(ChatCompletionRequest request) {
		List<Tool> tools = this.functions.values().stream().map(ToolFunction::toTool).toList();
		ChatCompletionRequest withTools = request.toBuilder().tools(tools).build();
		return step(withTools, 1);
	}

	private Mono<ChatCompletion> step(ChatCompletionRequest request, int step) {
		return this.send.apply(request).flatMap((completion) -> {
			List<ToolCall> calls = completion.toolCalls();
			if (calls.isEmpty()) {
				return Mono.just(completion);
			}
			if (step >= this.maxSteps) {
				return Mono.error(new EpithreToolLoopException("The model still called tools ("
						+ names(calls) + ") after " + this.maxSteps + " requests; raise maxSteps or check the tools"));
			}
			return Flux.fromIterable(calls)
				.concatMap(this::execute)
				.collectList()
				.map((results) -> {
					List<ChatMessage> messages = new ArrayList<>(request.messages());
					messages.add(ChatMessage.assistant(calls));
					messages.addAll(results);
					return request.toBuilder().clearMessages().messages(messages).build();
				})
				.flatMap((next) -> step(next, step + 1));
		});
	}

	private Mono<ChatMessage> execute(ToolCall call) {
		String name = (call.function() != null) ? call.function().name() : null;
		ToolFunction<?> function = (name != null) ? this.functions.get(name) : null;
		if (function == null) {
			return Mono.error(new EpithreToolLoopException("The model called the unknown tool '" + name
					+ "'; the loop knows " + this.functions.keySet()));
		}
		String id = (call.id() != null) ? call.id() : "";
		String arguments = (call.function().arguments() != null) ? call.function().arguments() : "{}";
		return Mono.fromCallable(() -> ChatMessage.tool(id, invoke(function, arguments)))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private <T> String invoke(ToolFunction<T> function, String arguments) {
		T parsed;
		try {
			parsed = function.argumentsType().equals(String.class) ? function.argumentsType().cast(arguments)
					: this.http.jsonCodec().read(arguments.getBytes(StandardCharsets.UTF_8), function.argumentsType());
		}
		catch (RuntimeException ex) {
			// docs/epithre-api.md, tool calling: arguments may be invalid JSON; tell the model so it can correct them
			return "{\"error\":\"invalid arguments for " + function.name() + ": "
					+ String.valueOf(ex.getMessage()).replace('"', '\'').lines().findFirst().orElse("") + "\"}";
		}
		Object result = function.handler().apply(parsed);
		return (result instanceof String text) ? text : this.http.jsonCodec().write(result);
	}

	private static String names(List<ToolCall> calls) {
		return String.join(", ", calls.stream()
			.map((call) -> (call.function() != null) ? String.valueOf(call.function().name()) : "?")
			.toList());
	}

}
