package com.epithre.client.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import com.epithre.client.chat.ChatCompletionChunk;

import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamEventTooLargeException;
import com.epithre.client.error.EpithreStreamException;

/**
 * Turns the body of a {@code 200} SSE answer into typed events until {@code data: [DONE]} (docs/epithre-api.md,
 * streaming): an
 * error event becomes an {@link EpithreStreamErrorEventException}, an event over the maximum event size an
 * {@link EpithreStreamEventTooLargeException}, an unreadable event or a body without {@code [DONE]} an
 * {@link EpithreStreamException}.
 */
final class SseEventReader {

	private static final byte[] DONE = { '[', 'D', 'O', 'N', 'E', ']' };

	private static final String NON_JSON = "non-JSON body: ";

	private SseEventReader() {
	}

	/**
	 * Decode the events of a {@code 200} stream.
	 * @param <T> the event type
	 * @param body the response body
	 * @param type the event type
	 * @param state the attempt, told when {@code [DONE]} arrived
	 * @param json reads the JSON of each event
	 * @param keyPrefix the key prefix for error messages
	 * @param maxEventSize the most bytes one event may hold
	 * @return the events, failing with a typed error on an error event, an event over the size limit, an unreadable
	 * event or a missing {@code [DONE]}
	 */
	static <T> Flux<T> events(Flux<DataBuffer> body, Class<T> type, CallState state, JsonReader json,
			@Nullable String keyPrefix, int maxEventSize) {
		// After [DONE] the rest of the body (normally just its end) is read rather than cancelled, so the
		// connection goes back to the pool instead of being closed; a server that keeps the stream open after
		// [DONE] is cut off after a short grace (AttemptTimeouts).
		return new SseEventFlux<>(body, type, state, () -> new Decoding<>(type, state, json, keyPrefix, maxEventSize));
	}

	/** Stands for {@code data: [DONE]} among the decoded events; everything after it is ignored. */
	static final Object DONE_SIGNAL = new Object();

	private static String snippet(byte[] data) {
		// an empty `data:` line is a legal event, with nothing in it to quote
		String snippet = ErrorMapper.snippet(data);
		return snippet.startsWith(NON_JSON) ? snippet.substring(NON_JSON.length()) : "(empty event)";
	}

	private static EpithreStreamEventTooLargeException tooLarge(SseDecoder.EventTooLargeException ex,
			CallState state) {
		int limit = ex.getMaxEventSize();
		return new EpithreStreamEventTooLargeException("Epithre " + state.operation + " sent an event larger than "
				+ limit + " bytes, the maximum event size (epithre.stream.max-event-size, "
				+ "EpithreClientSettings.maxEventSize); the stream was cut off there [request id " + state.requestId
				+ "]", limit, state.requestId, ex);
	}

	private static @Nullable EpithreException errorEvent(byte[] data, JsonReader json, CallState state,
			@Nullable String keyPrefix) {
		if (!containsErrorKey(data)) {
			return null;
		}
		ErrorEnvelope.@Nullable Body error = ErrorMapper.readEnvelope(data, json);
		if (error == null) {
			return null;
		}
		return new EpithreStreamErrorEventException(ErrorMapper.fromStreamEvent(error, state.requestId,
				keyPrefix, state.operation));
	}

	static boolean isDone(byte[] data) {
		return isDone(data, 0, data.length);
	}

	static boolean isDone(byte[] data, int offset, int length) {
		int start = offset;
		int end = offset + length;
		while (start < end && data[start] == ' ') {
			start++;
		}
		while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\n')) {
			end--;
		}
		if (end - start != DONE.length) {
			return false;
		}
		for (int i = 0; i < DONE.length; i++) {
			if (data[start + i] != DONE[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the bytes hold {@code "error"} as a whole JSON string; inside another string its quotes would be
	 * escaped, so this only matches a key or a value, and ordinary chunks skip the envelope parse.
	 */
	static boolean containsErrorKey(byte[] data) {
		outer: for (int i = 0; i + 7 <= data.length; i++) {
			if (data[i] != '"') {
				continue;
			}
			for (int j = 0; j < 5; j++) {
				if (data[i + 1 + j] != "error".charAt(j)) {
					continue outer;
				}
			}
			if (data[i + 6] == '"') {
				return true;
			}
		}
		return false;
	}

	/**
	 * A failure among the decoded events, turned into the stream's error where it stands.
	 * @param error the failure
	 */
	record Failure(EpithreException error) {
	}

	/**
	 * The decoding state of one attempt: SSE framing, {@code [DONE]}, error events, and each event's JSON, read by
	 * {@link ChatChunkParser} when it can and by the codec otherwise.
	 */
	static final class Decoding<T> implements SseDecoder.EventSink {

		private final Class<T> type;

		private final CallState state;

		private final JsonReader json;

		private final @Nullable String keyPrefix;

		private final SseDecoder decoder;

		private final @Nullable ChatChunkParser chunks;

		/** Where the events of the current read go; set by each read. */
		private Queue<Object> events = new ArrayDeque<>(0);

		/** [DONE] or a failure was decoded: what follows is not read. */
		private boolean ended;

		Decoding(Class<T> type, CallState state, JsonReader json, @Nullable String keyPrefix, int maxEventSize) {
			this.type = type;
			this.state = state;
			this.json = json;
			this.keyPrefix = keyPrefix;
			this.decoder = new SseDecoder(maxEventSize);
			this.chunks = (type == ChatCompletionChunk.class) ? new ChatChunkParser() : null;
		}

		/**
		 * Decode one read, adding its events, a failure or {@link #DONE_SIGNAL} to {@code events}, and release it.
		 */
		void read(DataBuffer buffer, Queue<Object> events) {
			this.events = events;
			try {
				if (!this.ended) {
					this.decoder.feedInPlace(buffer, this);
				}
			}
			catch (SseDecoder.EventTooLargeException ex) {
				fail(tooLarge(ex, this.state));
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}

		/**
		 * Decode what the end of the body completes (a last event without its blank line) into {@code events}.
		 */
		void finish(Queue<Object> events) {
			this.events = events;
			if (!this.ended) {
				this.decoder.finishInPlace(this);
			}
		}

		@Override
		public void onEvent(byte[] data, int offset, int length) {
			if (this.ended) {
				return;
			}
			if (isDone(data, offset, length)) {
				this.ended = true;
				this.events.add(DONE_SIGNAL);
				return;
			}
			if (this.chunks != null) {
				ChatCompletionChunk chunk = this.chunks.parse(data, offset, length);
				if (chunk != null) {
					this.events.add(chunk);
					return;
				}
			}
			byte[] event = Arrays.copyOfRange(data, offset, offset + length);
			EpithreException error = errorEvent(event, this.json, this.state, this.keyPrefix);
			if (error != null) {
				fail(error);
				return;
			}
			try {
				this.events.add(this.json.read(event, this.type));
			}
			catch (RuntimeException ex) {
				fail(new EpithreStreamException("Epithre " + this.state.operation + " sent an unreadable event: "
						+ snippet(event) + " [request id " + this.state.requestId + "]", this.state.requestId, ex));
			}
		}

		private void fail(EpithreException error) {
			this.ended = true;
			this.events.add(new Failure(error));
		}

	}

}
