package com.epithre.ai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import com.epithre.client.EpithreClient;
import com.epithre.client.chat.ChatChoice;
import com.epithre.client.chat.ChatCompletion;
import com.epithre.client.chat.ChatCompletionChunk;
import com.epithre.client.chat.ChatCompletionRequest;
import com.epithre.client.chat.ChatMessage;
import com.epithre.client.chat.ChunkChoice;
import com.epithre.client.chat.ContentPart;
import com.epithre.client.chat.MessageContent;
import com.epithre.client.chat.Role;
import com.epithre.client.chat.Tool;
import com.epithre.client.chat.ToolCall;
import com.epithre.client.chat.ToolChoice;
import com.epithre.client.chat.Usage;
import com.epithre.client.config.RequestOptions;

/**
 * Spring AI's {@link ChatModel} on an {@link EpithreClient}: a {@link Prompt} becomes a
 * {@link ChatCompletionRequest}, the answer a {@link ChatResponse} with its usage, finish reason and tool calls.
 * <ul>
 * <li>{@link #stream(Prompt)} is the client's own {@code Flux} of chunks, mapped one to one: back-pressure,
 * cancellation (which closes the connection), retries and the per-key concurrency limiter are the client's; no
 * thread is held per stream and nothing blocks. Text chunks come out as they arrive; the fragments of a tool call
 * are merged and come out as one response when the call is complete; the usage chunk comes last.</li>
 * <li>{@link #call(Prompt)} waits for {@code chat().create(...)}, as Spring AI's contract of a synchronous call
 * requires; do not call it on an event-loop thread (use {@link #stream(Prompt)} or {@code ChatClient}'s
 * {@code stream()} there).</li>
 * <li>Tools: the tool definitions of the options (resolved by the {@link ToolCallingManager}) are sent, and the
 * model's tool calls come back as {@link AssistantMessage.ToolCall}s. As in Spring AI 2.0's own models, they are
 * executed by the caller, which for {@code ChatClient} is its tool-calling advisor (the same
 * {@code ToolCallingManager} API), so {@code @Tool} methods given to {@code ChatClient.prompt().tools(...)} run
 * and their results go back to the model, in {@code call()} and in {@code stream()}.</li>
 * <li>Errors: the client's typed {@code EpithreException}s (e.g. {@code EpithreRateLimitException}) reach the
 * caller as they are, never wrapped.</li>
 * <li>Observations: each HTTP call is recorded once, by the client's own {@code epithre.client} observation (its
 * {@code gen_ai.*} keys, retries and permit wait included). This model creates no Spring AI chat-model
 * observation, so one call is never counted twice; {@code ChatClient}'s own {@code spring.ai.chat.client} and
 * tool-call observations stay, as they time the client-side conversation and the tools, not the model call.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class EpithreChatModel implements ChatModel {

	/** The model when neither the options nor the prompt name one. */
	public static final String DEFAULT_MODEL = "epithre-omni";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final EpithreClient client;

	private final EpithreChatOptions options;

	private final ToolCallingManager toolCallingManager;

	private final RequestOptions requestOptions;

	private EpithreChatModel(Builder builder) {
		this.client = builder.client;
		this.options = (builder.options.getModel() != null) ? builder.options
				: builder.options.mutate().model(DEFAULT_MODEL).build();
		this.toolCallingManager = (builder.toolCallingManager != null) ? builder.toolCallingManager
				: ToolCallingManager.builder().build();
		this.requestOptions = builder.requestOptions;
	}

	/**
	 * Start a model on a client.
	 * @param client the client whose calls, limits and retries the model uses
	 * @return a builder
	 */
	public static Builder builder(EpithreClient client) {
		return new Builder(client);
	}

	/**
	 * Return the default options of every call; a prompt's options are combined into them.
	 * @return the options
	 */
	@Override
	public EpithreChatOptions getOptions() {
		return this.options;
	}

	@Override
	@Deprecated(forRemoval = true)
	@SuppressWarnings("removal")
	public ChatOptions getDefaultOptions() {
		return this.options;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		ChatCompletionRequest request = toRequest(prompt);
		ChatCompletion completion = this.client.chat().create(request, this.requestOptions).block();
		Assert.state(completion != null, "The Epithre client completed without an answer");
		return toResponse(completion);
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.defer(() -> {
			ChatCompletionRequest request = toRequest(prompt);
			StreamedToolCalls toolCalls = new StreamedToolCalls();
			Flux<ChatResponse> responses = this.client.chat()
				.stream(request, this.requestOptions)
				.concatMapIterable(toolCalls::responses);
			return responses.concatWith(Mono.fromSupplier(toolCalls::remaining));
		});
	}

	/**
	 * Return the request a prompt is sent as: its messages, the options (the prompt's combined into this model's)
	 * and the tool definitions of their tool callbacks.
	 * @param prompt the prompt
	 * @return the request
	 */
	public ChatCompletionRequest toRequest(Prompt prompt) {
		EpithreChatOptions callOptions = callOptions(prompt.getOptions());
		String model = (callOptions.getModel() != null) ? callOptions.getModel() : DEFAULT_MODEL;
		ChatCompletionRequest.Builder builder = ChatCompletionRequest.builder(model)
			.temperature(callOptions.getTemperature())
			.topP(callOptions.getTopP())
			.maxTokens(callOptions.getMaxTokens())
			.seed(callOptions.getSeed())
			.frequencyPenalty(callOptions.getFrequencyPenalty())
			.presencePenalty(callOptions.getPresencePenalty());
		if (callOptions.getStopSequences() != null && !callOptions.getStopSequences().isEmpty()) {
			builder.stop(callOptions.getStopSequences().toArray(new String[0]));
		}
		for (Message message : prompt.getInstructions()) {
			toMessages(message).forEach(builder::message);
		}
		List<ToolDefinition> definitions = this.toolCallingManager.resolveToolDefinitions(callOptions);
		if (!definitions.isEmpty()) {
			builder.tools(definitions.stream().map(EpithreChatModel::toTool).toList());
		}
		if (StringUtils.hasText(callOptions.getToolChoice())) {
			builder.toolChoice(toToolChoice(callOptions.getToolChoice()));
		}
		if (callOptions.getEnableThinking() != null) {
			builder.enableThinking(callOptions.getEnableThinking());
		}
		callOptions.getExtraBody().forEach(builder::extraBody);
		return builder.build();
	}

	private EpithreChatOptions callOptions(@Nullable ChatOptions promptOptions) {
		if (promptOptions == null) {
			return this.options;
		}
		if (promptOptions instanceof EpithreChatOptions epithre) {
			// ChatClient has already started from this model's options
			return (epithre.getModel() != null) ? epithre : epithre.mutate().model(this.options.getModel()).build();
		}
		return this.options.mutate().combineWith(promptOptions.mutate()).build();
	}

	private static List<ChatMessage> toMessages(Message message) {
		if (message instanceof SystemMessage system) {
			return List.of(ChatMessage.system(text(system.getText())));
		}
		if (message instanceof UserMessage user) {
			if (user.getMedia().isEmpty()) {
				return List.of(ChatMessage.user(text(user.getText())));
			}
			List<ContentPart> parts = new ArrayList<>();
			if (StringUtils.hasLength(user.getText())) {
				parts.add(ContentPart.text(user.getText()));
			}
			user.getMedia().forEach((media) -> parts.add(toPart(media)));
			return List.of(ChatMessage.user(parts.toArray(new ContentPart[0])));
		}
		if (message instanceof AssistantMessage assistant) {
			List<ToolCall> calls = assistant.getToolCalls()
				.stream()
				.map((call) -> ToolCall.function(call.id(), call.name(), call.arguments()))
				.toList();
			// an assistant turn that only calls tools has no content
			MessageContent content = StringUtils.hasLength(assistant.getText()) ? MessageContent.of(assistant.getText())
					: calls.isEmpty() ? MessageContent.of("") : null;
			return List.of(new ChatMessage(Role.ASSISTANT, content, null, calls.isEmpty() ? null : calls, null, null));
		}
		if (message instanceof ToolResponseMessage tool) {
			return tool.getResponses()
				.stream()
				.map((response) -> ChatMessage.tool(response.id(), text(response.responseData())))
				.toList();
		}
		throw new IllegalArgumentException("Unsupported message type: " + message.getMessageType());
	}

	private static String text(@Nullable String text) {
		return (text != null) ? text : "";
	}

	private static ContentPart toPart(Media media) {
		Object data = media.getData();
		if (data instanceof byte[] bytes) {
			return ContentPart.image(media.getMimeType().toString(), bytes);
		}
		return ContentPart.imageUrl(String.valueOf(data));
	}

	@SuppressWarnings("unchecked")
	private static Tool toTool(ToolDefinition definition) {
		Map<String, Object> schema = StringUtils.hasText(definition.inputSchema())
				? JSON.readValue(definition.inputSchema(), Map.class) : null;
		return Tool.function(definition.name(), definition.description(), schema);
	}

	private static ToolChoice toToolChoice(String choice) {
		return switch (choice) {
			case "auto" -> ToolChoice.AUTO;
			case "none" -> ToolChoice.NONE;
			case "required" -> ToolChoice.REQUIRED;
			default -> ToolChoice.function(choice);
		};
	}

	private static ChatResponse toResponse(ChatCompletion completion) {
		List<Generation> generations = new ArrayList<>();
		for (ChatChoice choice : completion.choices()) {
			ChatMessage message = choice.message();
			List<AssistantMessage.ToolCall> calls = new ArrayList<>();
			if (message != null && message.toolCalls() != null) {
				for (ToolCall call : message.toolCalls()) {
					calls.add(toToolCall(call.id(), call.function() != null ? call.function().name() : null,
							call.function() != null ? call.function().arguments() : null));
				}
			}
			generations.add(generation(completion.id(), choice.index(), (message != null) ? message.text() : "",
					(message != null) ? message.reasoningContent() : null, calls, choice.finishReason()));
		}
		return new ChatResponse(generations, metadata(completion.id(), completion.model(), completion.usage()));
	}

	private static AssistantMessage.ToolCall toToolCall(@Nullable String id, @Nullable String name,
			@Nullable String arguments) {
		return new AssistantMessage.ToolCall(text(id), "function", text(name),
				StringUtils.hasText(arguments) ? arguments : "{}");
	}

	private static Generation generation(@Nullable String id, int index, String text, @Nullable String reasoning,
			List<AssistantMessage.ToolCall> calls, @Nullable String finishReason) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("id", text(id));
		properties.put("index", index);
		if (StringUtils.hasLength(reasoning)) {
			properties.put("reasoningContent", reasoning);
		}
		if (finishReason != null) {
			properties.put("finishReason", finishReason);
		}
		AssistantMessage message = AssistantMessage.builder()
			.content(text)
			.properties(properties)
			.toolCalls(calls)
			.build();
		ChatGenerationMetadata.Builder metadata = ChatGenerationMetadata.builder();
		if (finishReason != null) {
			metadata.finishReason(finishReason.toUpperCase(Locale.ROOT));
		}
		return new Generation(message, metadata.build());
	}

	private static ChatResponseMetadata metadata(@Nullable String id, @Nullable String model,
			@Nullable Usage usage) {
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().id(text(id)).model(text(model));
		if (usage != null) {
			Long cacheRead = (usage.cacheReadInputTokens() != null) ? Long.valueOf(usage.cacheReadInputTokens())
					: (usage.promptTokensDetails() != null && usage.promptTokensDetails().cachedTokens() != null)
							? Long.valueOf(usage.promptTokensDetails().cachedTokens()) : null;
			Long cacheWrite = (usage.cacheCreationInputTokens() != null)
					? Long.valueOf(usage.cacheCreationInputTokens()) : null;
			metadata.usage(new DefaultUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens(), usage,
					cacheRead, cacheWrite));
		}
		return metadata.build();
	}

	/**
	 * The state of one stream: tool-call fragments merged by index until their choice finishes.
	 */
	private static final class StreamedToolCalls {

		private final Map<Integer, PartialToolCall> calls = new LinkedHashMap<>();

		private @Nullable PartialToolCall last;

		private @Nullable String id;

		private @Nullable String model;

		List<ChatResponse> responses(ChatCompletionChunk chunk) {
			this.id = (chunk.id() != null) ? chunk.id() : this.id;
			this.model = (chunk.model() != null) ? chunk.model() : this.model;
			List<ChatResponse> responses = new ArrayList<>(2);
			for (ChunkChoice choice : chunk.choices()) {
				if (choice.index() != 0) {
					continue;
				}
				if (choice.delta() != null && choice.delta().toolCalls() != null) {
					choice.delta().toolCalls().forEach(this::merge);
				}
				String text = (choice.delta() != null) ? text(choice.delta().content()) : "";
				String reasoning = (choice.delta() != null) ? choice.delta().reasoningContent() : null;
				boolean done = StringUtils.hasLength(choice.finishReason());
				if (!text.isEmpty() || StringUtils.hasLength(reasoning) || (done && this.calls.isEmpty())) {
					responses.add(response(text, reasoning, List.of(), done ? choice.finishReason() : null, null));
				}
				if (done && !this.calls.isEmpty()) {
					responses.add(response("", null, drain(), choice.finishReason(), null));
				}
			}
			if (chunk.usage() != null) {
				responses.add(new ChatResponse(List.of(), metadata(this.id, this.model, chunk.usage())));
			}
			return responses;
		}

		@Nullable ChatResponse remaining() {
			// a stream whose tool calls were not followed by a finish reason still hands them over
			return this.calls.isEmpty() ? null : response("", null, drain(), null, null);
		}

		private ChatResponse response(String text, @Nullable String reasoning, List<AssistantMessage.ToolCall> calls,
				@Nullable String finishReason, @Nullable Usage usage) {
			return new ChatResponse(List.of(generation(this.id, 0, text, reasoning, calls, finishReason)),
					metadata(this.id, this.model, usage));
		}

		private void merge(ToolCall fragment) {
			PartialToolCall call;
			if (fragment.index() != null) {
				call = this.calls.computeIfAbsent(fragment.index(), (index) -> new PartialToolCall());
			}
			else if (this.last == null || (fragment.id() != null && this.last.id != null
					&& !fragment.id().equals(this.last.id))) {
				call = new PartialToolCall();
				this.calls.put(-1 - this.calls.size(), call);
			}
			else {
				call = this.last;
			}
			call.add(fragment);
			this.last = call;
		}

		private List<AssistantMessage.ToolCall> drain() {
			List<AssistantMessage.ToolCall> done = this.calls.values().stream().map(PartialToolCall::toToolCall).toList();
			this.calls.clear();
			this.last = null;
			return done;
		}

	}

	/**
	 * A tool call whose fragments are still arriving.
	 */
	private static final class PartialToolCall {

		private @Nullable String id;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

		void add(ToolCall fragment) {
			if (this.id == null && StringUtils.hasLength(fragment.id())) {
				this.id = fragment.id();
			}
			if (fragment.function() != null) {
				if (this.name == null && StringUtils.hasLength(fragment.function().name())) {
					this.name = fragment.function().name();
				}
				if (fragment.function().arguments() != null) {
					this.arguments.append(fragment.function().arguments());
				}
			}
		}

		AssistantMessage.ToolCall toToolCall() {
			return EpithreChatModel.toToolCall(this.id, this.name, this.arguments.toString());
		}

	}

	/**
	 * Builder of {@link EpithreChatModel}.
	 */
	public static final class Builder {

		private final EpithreClient client;

		private EpithreChatOptions options = EpithreChatOptions.builder().model(DEFAULT_MODEL).build();

		private @Nullable ToolCallingManager toolCallingManager;

		private RequestOptions requestOptions = RequestOptions.none();

		private Builder(EpithreClient client) {
			Assert.notNull(client, "client must not be null");
			this.client = client;
		}

		/**
		 * Set the default options of every call; without a model, {@value #DEFAULT_MODEL} is used.
		 * @param options the options
		 * @return this builder
		 */
		public Builder options(EpithreChatOptions options) {
			Assert.notNull(options, "options must not be null");
			this.options = options;
			return this;
		}

		/**
		 * Set the manager that resolves the tool definitions of the options; a default one otherwise.
		 * @param toolCallingManager the manager
		 * @return this builder
		 */
		public Builder toolCallingManager(ToolCallingManager toolCallingManager) {
			this.toolCallingManager = toolCallingManager;
			return this;
		}

		/**
		 * Set the per-call options of the client's calls, e.g. a tenant's API key or shorter timeouts.
		 * @param requestOptions the options
		 * @return this builder
		 */
		public Builder requestOptions(RequestOptions requestOptions) {
			Assert.notNull(requestOptions, "requestOptions must not be null");
			this.requestOptions = requestOptions;
			return this;
		}

		/**
		 * Build the model.
		 * @return the model
		 */
		public EpithreChatModel build() {
			return new EpithreChatModel(this);
		}

	}

}
