package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;

import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamEventTooLargeException;
import com.epithre.client.error.EpithreStreamException;

/**
 * Turns the body of a {@code 200} event stream into typed events until {@code data: [DONE]} (docs/streaming.md):
 * {@link SseFramer} frames the events, and the application's JSON codec reads each event's data ({@link JsonReader}),
 * so its features and {@code StreamReadConstraints} apply. An error event ({@code event: error}, or data holding an
 * {@code "error"} envelope) becomes an {@link EpithreStreamErrorEventException}, an event over the maximum event size
 * an {@link EpithreStreamEventTooLargeException}, an unreadable event or a body without {@code [DONE]} an
 * {@link EpithreStreamException}.
 * <p>
 * The framing is our own rather than Spring's {@code ServerSentEventHttpMessageReader}: measured side by side
 * (benchmarks/README.md), Spring's reader cost a quarter more client CPU at a thousand open streams and two thirds
 * more per chunk at full speed, it splits lines on LF only, and it releases a buffer twice when a line over its limit
 * spans many reads.
 */
final class SseEvents {

	/** Stands for {@code data: [DONE]} among the decoded events; what follows it is read but ignored. */
	static final Object DONE = new Object();

	private static final byte[] DONE_DATA = "[DONE]".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ERROR_KEY = "\"error\"".getBytes(StandardCharsets.US_ASCII);

	private final int maxEventSize;

	SseEvents(int maxEventSize) {
		this.maxEventSize = maxEventSize;
	}

	/**
	 * Frame a body into events, releasing every buffer it reads.
	 * @param body the response body
	 * @return the events; an event over the maximum size fails the flux with a {@link DataBufferLimitException}
	 */
	Flux<SseEvent> frames(Flux<DataBuffer> body) {
		return Flux.defer(() -> {
			SseFramer framer = new SseFramer(this.maxEventSize);
			// the mapper never throws: concatMapIterable would also discard (release again) the buffer it failed on
			return body.concatMapIterable((buffer) -> {
				try {
					return framer.feed(buffer);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			}).concatWith(Flux.defer(() -> Flux.fromIterable(framer.finish()))).<SseEvent>handle((event, sink) -> {
				if (event == SseFramer.TOO_LARGE) {
					sink.error(new DataBufferLimitException("Exceeded limit on max bytes per event: "
							+ this.maxEventSize));
				}
				else {
					sink.next(event);
				}
			}).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
		});
	}

	/**
	 * Decode the events of a {@code 200} stream into the event type, {@link #DONE} and nothing after it.
	 * @param <T> the event type
	 * @param body the response body
	 * @param type the event type
	 * @param state the attempt, told when {@code [DONE]} arrived
	 * @param json reads the JSON of each event
	 * @param keyPrefix the key prefix for error messages
	 * @return the events, failing with a typed error
	 */
	<T> Flux<Object> decode(Flux<DataBuffer> body, Class<T> type, CallState state, JsonReader json,
			@Nullable String keyPrefix) {
		return frames(body).<Object>handle((event, sink) -> {
			if (state.trace.done) {
				return; // the rest of the body is read so the connection can be pooled, and ignored
			}
			byte[] data = event.data();
			if ("error".equals(event.name())) {
				sink.error(errorEvent(data, json, state, keyPrefix, true));
				return;
			}
			if (isBlank(data)) {
				return; // an empty event
			}
			if (isDone(data)) {
				state.trace.done = true;
				sink.next(DONE);
				return;
			}
			if (contains(data, ERROR_KEY)) {
				EpithreException error = errorEvent(data, json, state, keyPrefix, false);
				if (error != null) {
					sink.error(error);
					return;
				}
			}
			try {
				sink.next(json.read(data, type));
			}
			catch (RuntimeException ex) {
				String what = event.cutOff() ? " ended in the middle of an event, without data: [DONE]; the answer is "
						+ "truncated: " : " sent an unreadable event: ";
				sink.error(new EpithreStreamException("Epithre " + state.operation + what + ErrorMapper.snippet("", data)
						+ " [request id " + state.requestId + "]", state.requestId, ex));
			}
		})
			.concatWith(Mono.defer(() -> state.trace.done ? Mono.empty()
					: Mono.error(new EpithreStreamException("Epithre " + state.operation
							+ " ended without data: [DONE]; the answer is truncated [request id " + state.requestId
							+ "]", state.requestId, null))))
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge(ex, state));
	}

	private @Nullable EpithreException errorEvent(byte[] data, JsonReader json, CallState state,
			@Nullable String keyPrefix, boolean errorEventType) {
		ErrorEnvelope.@Nullable Body error = ErrorMapper.readEnvelope(data, json);
		// an empty "error": {} beside an ordinary chunk's fields is no error; in an error event it still is one
		if (error != null && (errorEventType || !error.isEmpty())) {
			return new EpithreStreamErrorEventException(
					ErrorMapper.fromStreamEvent(error, data, state.requestId, keyPrefix, state.operation));
		}
		return errorEventType ? ErrorMapper.fromPlainErrorEvent(new String(data, StandardCharsets.UTF_8),
				state.requestId, keyPrefix, state.operation) : null;
	}

	private EpithreStreamEventTooLargeException tooLarge(DataBufferLimitException ex, CallState state) {
		return new EpithreStreamEventTooLargeException("Epithre " + state.operation + " sent an event larger than "
				+ this.maxEventSize + " bytes, the maximum event size (epithre.stream.max-event-size, "
				+ "EpithreClientSettings.maxEventSize); the stream was cut off there [request id " + state.requestId
				+ "]", this.maxEventSize, state.requestId, ex);
	}

	private static boolean isBlank(byte[] data) {
		for (byte b : data) {
			if (b != ' ' && b != '\t' && b != '\n') {
				return false;
			}
		}
		return true;
	}

	private static boolean isDone(byte[] data) {
		int start = 0;
		int end = data.length;
		while (start < end && (data[start] == ' ' || data[start] == '\t' || data[start] == '\n')) {
			start++;
		}
		while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\t' || data[end - 1] == '\n')) {
			end--;
		}
		return Arrays.equals(data, start, end, DONE_DATA, 0, DONE_DATA.length);
	}

	/**
	 * Whether the bytes hold {@code "error"} as a whole JSON string; inside another string its quotes would be
	 * escaped, so this only matches a key or a value, and ordinary chunks skip the envelope parse.
	 */
	private static boolean contains(byte[] data, byte[] part) {
		outer: for (int i = 0; i + part.length <= data.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (data[i + j] != part[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
