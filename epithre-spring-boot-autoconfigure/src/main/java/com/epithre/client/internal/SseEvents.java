package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageReader;

import com.epithre.client.error.EpithreException;
import com.epithre.client.error.EpithreStreamErrorEventException;
import com.epithre.client.error.EpithreStreamEventTooLargeException;
import com.epithre.client.error.EpithreStreamException;

/**
 * Turns the body of a {@code 200} event stream into typed events until {@code data: [DONE]} (docs/streaming.md):
 * Spring's {@link ServerSentEventHttpMessageReader} frames the events, and the application's JSON codec reads each
 * event's data ({@link JsonReader}). One leading UTF-8 byte order mark is stripped, as the event-stream format says.
 * An error event ({@code event: error}, or data holding an {@code "error"} envelope) becomes an
 * {@link EpithreStreamErrorEventException}, an event over the maximum event size an
 * {@link EpithreStreamEventTooLargeException}, an unreadable event or a body without {@code [DONE]} an
 * {@link EpithreStreamException}.
 */
final class SseEvents {

	/** Stands for {@code data: [DONE]} among the decoded events; what follows it is read but ignored. */
	static final Object DONE = new Object();

	private static final ResolvableType EVENT_TYPE = ResolvableType.forClassWithGenerics(ServerSentEvent.class,
			String.class);

	private static final String DONE_DATA = "[DONE]";

	private final ServerSentEventHttpMessageReader reader;

	private final int maxEventSize;

	SseEvents(int maxEventSize) {
		this.reader = new ServerSentEventHttpMessageReader();
		this.reader.setMaxInMemorySize(maxEventSize);
		this.maxEventSize = maxEventSize;
	}

	/**
	 * Frame a body into events, after stripping one leading byte order mark.
	 * @param message the response
	 * @return the events with their data as text
	 */
	@SuppressWarnings("unchecked")
	Flux<ServerSentEvent<String>> frames(ReactiveHttpInputMessage message) {
		ReactiveHttpInputMessage withoutBom = new ReactiveHttpInputMessage() {

			@Override
			public HttpHeaders getHeaders() {
				return message.getHeaders();
			}

			@Override
			public Flux<DataBuffer> getBody() {
				return stripBom(message.getBody().map(SseEvents::onHeap));
			}

		};
		return this.reader.read(EVENT_TYPE, withoutBom, Map.of())
			.map((event) -> (ServerSentEvent<String>) event);
	}

	/**
	 * Decode the events of a {@code 200} stream into the event type, {@link #DONE} and nothing after it.
	 * @param <T> the event type
	 * @param message the response
	 * @param type the event type
	 * @param state the attempt, told when {@code [DONE]} arrived
	 * @param json reads the JSON of each event
	 * @param keyPrefix the key prefix for error messages
	 * @return the events, failing with a typed error
	 */
	<T> Flux<Object> decode(ReactiveHttpInputMessage message, Class<T> type, CallState state, JsonReader json,
			@Nullable String keyPrefix) {
		return frames(message).<Object>handle((event, sink) -> {
			if (state.trace.done) {
				return; // the rest of the body is read so the connection can be pooled, and ignored
			}
			String data = event.data();
			if ("error".equals(event.event())) {
				sink.error(errorEvent(data, json, state, keyPrefix, true));
				return;
			}
			if (data == null || data.isBlank()) {
				return; // a comment, a retry hint or an empty event
			}
			if (DONE_DATA.equals(data.strip())) {
				state.trace.done = true;
				sink.next(DONE);
				return;
			}
			if (data.contains("\"error\"")) {
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
				sink.error(new EpithreStreamException("Epithre " + state.operation + " sent an unreadable event: "
						+ ErrorMapper.snippet("", data.getBytes(StandardCharsets.UTF_8)) + " [request id "
						+ state.requestId + "]", state.requestId, ex));
			}
		})
			.concatWith(Mono.defer(() -> state.trace.done ? Mono.empty()
					: Mono.error(new EpithreStreamException("Epithre " + state.operation
							+ " ended without data: [DONE]; the answer is truncated [request id " + state.requestId
							+ "]",
							state.requestId, null))))
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge(ex, state))
			// Spring's reader refuses a field it cannot hold, such as an id with a lone CR in it
			.onErrorMap(IllegalArgumentException.class,
					(ex) -> new EpithreStreamException("Epithre " + state.operation + " sent a malformed event: "
							+ ex.getMessage() + " [request id " + state.requestId + "]", state.requestId, ex));
	}

	private @Nullable EpithreException errorEvent(@Nullable String data, JsonReader json, CallState state,
			@Nullable String keyPrefix, boolean errorEventType) {
		String text = (data != null) ? data : "";
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		ErrorEnvelope.@Nullable Body error = ErrorMapper.readEnvelope(bytes, json);
		if (error != null) {
			return new EpithreStreamErrorEventException(
					ErrorMapper.fromStreamEvent(error, bytes, state.requestId, keyPrefix, state.operation));
		}
		return errorEventType ? ErrorMapper.fromPlainErrorEvent(text, state.requestId, keyPrefix, state.operation)
				: null;
	}

	private EpithreStreamEventTooLargeException tooLarge(DataBufferLimitException ex, CallState state) {
		return new EpithreStreamEventTooLargeException("Epithre " + state.operation + " sent an event larger than "
				+ this.maxEventSize + " bytes, the maximum event size (epithre.stream.max-event-size, "
				+ "EpithreClientSettings.maxEventSize); the stream was cut off there [request id " + state.requestId
				+ "]", this.maxEventSize, state.requestId, ex);
	}

	/**
	 * Copy a network buffer to the heap and release it at once. Spring's line splitting releases a buffer twice when a
	 * line over the size limit spans many reads; on a heap copy that second release does nothing, where on a pooled
	 * network buffer it would free memory still in use. Reads are small (about one event each), so the copy is cheap.
	 */
	private static DataBuffer onHeap(DataBuffer buffer) {
		try {
			DataBuffer copy = DefaultDataBufferFactory.sharedInstance.allocateBuffer(buffer.readableByteCount());
			copy.write(buffer);
			return copy;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/**
	 * Drop one UTF-8 byte order mark ({@code EF BB BF}) at the start of a body. A mark split over the first two
	 * buffers is not recognised; it then reaches the first event's field name, which is ignored as an unknown field.
	 */
	static Flux<DataBuffer> stripBom(Flux<DataBuffer> body) {
		return body.switchOnFirst((first, buffers) -> {
			DataBuffer buffer = first.get();
			if (buffer == null || buffer.readableByteCount() < 3) {
				return buffers;
			}
			int position = buffer.readPosition();
			if (buffer.getByte(position) == (byte) 0xEF && buffer.getByte(position + 1) == (byte) 0xBB
					&& buffer.getByte(position + 2) == (byte) 0xBF) {
				buffer.readPosition(position + 3);
			}
			return buffers;
		});
	}

}
