package com.epithre.client.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Folds the chunks of a stream into the {@link ChatCompletion} a non-streamed call would have returned: text,
 * reasoning and refusal concatenated, tool-call fragments merged (docs/epithre-api.md, streaming), the last non-empty
 * finish reason and the usage kept. A tool-call fragment with an {@code index} extends the call of that index (the
 * first non-empty {@code id} and {@code name} win, argument pieces are concatenated); a fragment without an
 * {@code index} extends the call with its {@code id}, or else the last call unless it carries an {@code id} other
 * than that call's, which starts a new call (docs/streaming.md, lenient reading). Not thread-safe; feed it from one stream.
 *
 * @since 0.1.0
 */
public final class ChatCompletionAccumulator {

	private final Map<Integer, ChoiceState> choices = new TreeMap<>();

	private @Nullable String id;

	private @Nullable String model;

	private @Nullable Long created;

	private @Nullable Usage usage;

	/**
	 * Collect a whole stream; the result fails when the stream fails.
	 * @param chunks the stream
	 * @return the merged answer
	 */
	public static Mono<ChatCompletion> accumulate(Flux<ChatCompletionChunk> chunks) {
		return chunks.collect(ChatCompletionAccumulator::new, ChatCompletionAccumulator::accept)
			.map(ChatCompletionAccumulator::toCompletion);
	}

	/**
	 * Add a chunk.
	 * @param chunk the next chunk
	 */
	public void accept(ChatCompletionChunk chunk) {
		this.id = firstNonEmpty(this.id, chunk.id());
		this.model = firstNonEmpty(this.model, chunk.model());
		if (this.created == null) {
			this.created = chunk.created();
		}
		if (chunk.usage() != null) {
			this.usage = chunk.usage();
		}
		for (ChunkChoice choice : chunk.choices()) {
			this.choices.computeIfAbsent(choice.index(), (index) -> new ChoiceState()).accept(choice);
		}
	}

	/**
	 * Return the answer merged so far.
	 * @return the answer
	 */
	public ChatCompletion toCompletion() {
		List<ChatChoice> merged = new ArrayList<>(this.choices.size());
		this.choices.forEach((index, state) -> merged.add(state.toChoice(index)));
		return new ChatCompletion(this.id, "chat.completion", this.created, this.model, merged, this.usage);
	}

	static @Nullable String firstNonEmpty(@Nullable String current, @Nullable String next) {
		return (current != null && !current.isEmpty()) ? current : (next != null && !next.isEmpty()) ? next : current;
	}

	private static final class ChoiceState {

		private @Nullable String role;

		private @Nullable StringBuilder content;

		private @Nullable StringBuilder reasoning;

		private @Nullable StringBuilder refusal;

		private @Nullable String finishReason;

		private final TreeMap<Integer, ToolCallState> toolCalls = new TreeMap<>();

		/** The call the last fragment went to, which a fragment without index and id continues. */
		private @Nullable ToolCallState lastCall;

		void accept(ChunkChoice choice) {
			String reason = choice.finishReason();
			if (reason != null && !reason.isEmpty()) {
				// a later chunk repeating an empty or null finish_reason does not undo "stop"
				this.finishReason = reason;
			}
			ChatDelta delta = choice.delta();
			if (delta == null) {
				return;
			}
			this.role = firstNonEmpty(this.role, delta.role());
			if (delta.content() != null) {
				this.content = append(this.content, delta.content());
			}
			if (delta.reasoningContent() != null) {
				this.reasoning = append(this.reasoning, delta.reasoningContent());
			}
			if (delta.refusal() != null) {
				this.refusal = append(this.refusal, delta.refusal());
			}
			if (delta.toolCalls() != null) {
				for (ToolCall fragment : delta.toolCalls()) {
					if (fragment == null) {
						// "tool_calls": [null] carries nothing to merge
						continue;
					}
					ToolCallState call = callFor(fragment);
					call.accept(fragment);
					this.lastCall = call;
				}
			}
		}

		private ToolCallState callFor(ToolCall fragment) {
			if (fragment.index() != null) {
				return this.toolCalls.computeIfAbsent(fragment.index(), (key) -> new ToolCallState());
			}
			ToolCallState last = this.lastCall;
			String id = fragment.id();
			if (id != null && !id.isEmpty()) {
				for (ToolCallState call : this.toolCalls.values()) {
					if (id.equals(call.id)) {
						return call; // calls sent interleaved, each fragment with its call's id
					}
				}
				if (last != null && last.id != null && !last.id.isEmpty()) {
					last = null; // a new id: a new call
				}
			}
			if (last != null) {
				return last;
			}
			ToolCallState call = new ToolCallState();
			this.toolCalls.put(this.toolCalls.isEmpty() ? 0 : this.toolCalls.lastKey() + 1, call);
			return call;
		}

		ChatChoice toChoice(int index) {
			List<ToolCall> calls = null;
			if (!this.toolCalls.isEmpty()) {
				calls = new ArrayList<>(this.toolCalls.size());
				for (ToolCallState call : this.toolCalls.values()) {
					calls.add(call.toToolCall());
				}
			}
			MessageContent text = (this.content != null) ? MessageContent.of(this.content.toString())
					: (calls == null) ? MessageContent.of("") : null;
			ChatMessage message = new ChatMessage((this.role != null) ? this.role : Role.ASSISTANT, text, null, calls,
					null, (this.reasoning != null) ? this.reasoning.toString() : null,
					(this.refusal != null) ? this.refusal.toString() : null);
			return new ChatChoice(index, message, this.finishReason);
		}

		private static StringBuilder append(@Nullable StringBuilder builder, String piece) {
			return ((builder != null) ? builder : new StringBuilder()).append(piece);
		}

	}

	private static final class ToolCallState {

		private @Nullable String id;

		private @Nullable String type;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

		void accept(ToolCall fragment) {
			this.id = firstNonEmpty(this.id, fragment.id());
			this.type = firstNonEmpty(this.type, fragment.type());
			FunctionCall function = fragment.function();
			if (function != null) {
				this.name = firstNonEmpty(this.name, function.name());
				if (function.arguments() != null) {
					this.arguments.append(function.arguments());
				}
			}
		}

		ToolCall toToolCall() {
			return new ToolCall(null, this.id, (this.type != null) ? this.type : "function",
					new FunctionCall(this.name, this.arguments.toString()));
		}

	}

}
