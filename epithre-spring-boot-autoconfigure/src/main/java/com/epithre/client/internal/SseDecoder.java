package com.epithre.client.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Incremental decoder of a {@code text/event-stream} body (WHATWG SSE) into the data of each event, straight from
 * the network buffers: LF, CRLF and CR line ends, comment lines, multi-line {@code data}, events split across reads.
 * Only {@code data} matters to Epithre (EPITHRE-API.md 4.4); {@code event}, {@code id} and {@code retry} are skipped.
 * Memory is bounded by a maximum event size: an event whose data so far plus the line being read exceeds it fails
 * with {@link EventTooLargeException}, whatever the line ends and however the bytes were split into reads. Not
 * thread-safe: one instance per stream, not to be fed again after it threw.
 */
public final class SseDecoder {

	/** Default maximum event size: 4 MiB (see {@code EpithreClientSettings#DEFAULT_MAX_EVENT_SIZE}). */
	public static final int DEFAULT_MAX_EVENT_SIZE = 4 * 1024 * 1024;

	private static final byte LF = '\n';

	private static final byte CR = '\r';

	/** Marks, by identity, where an event went over the limit. */
	private static final byte[] TOO_LARGE = new byte[0];

	private byte[] line = new byte[512];

	private int lineLength;

	private byte[] data = new byte[512];

	private int dataLength;

	private boolean hasData;

	private boolean afterCr;

	private byte[] scratch = new byte[0];

	private final int maxEventSize;

	private boolean failed;

	/**
	 * Create a decoder with the {@linkplain #DEFAULT_MAX_EVENT_SIZE default maximum event size}.
	 */
	public SseDecoder() {
		this(DEFAULT_MAX_EVENT_SIZE);
	}

	/**
	 * Create a decoder.
	 * @param maxEventSize the most bytes an event's data plus the line being read may hold
	 */
	public SseDecoder(int maxEventSize) {
		if (maxEventSize < 1) {
			throw new IllegalArgumentException("maxEventSize must be positive, got " + maxEventSize);
		}
		this.maxEventSize = maxEventSize;
	}

	/**
	 * Decode a body with the {@linkplain #DEFAULT_MAX_EVENT_SIZE default maximum event size}.
	 * @param body the response body
	 * @return the data of each event
	 * @see #decode(Flux, int)
	 */
	public static Flux<byte[]> decode(Flux<DataBuffer> body) {
		return decode(body, DEFAULT_MAX_EVENT_SIZE);
	}

	/**
	 * Decode a body into the data payloads of its events, releasing every buffer it reads. An event still open when
	 * the body ends is emitted too, so a final {@code data: [DONE]} without its blank line is not lost. An event over
	 * the limit fails the flux with {@link EventTooLargeException}.
	 * @param body the response body
	 * @param maxEventSize the most bytes an event's data plus the line being read may hold
	 * @return the data of each event, UTF-8 bytes with data lines joined by LF
	 */
	public static Flux<byte[]> decode(Flux<DataBuffer> body, int maxEventSize) {
		return Flux.defer(() -> {
			SseDecoder decoder = new SseDecoder(maxEventSize);
			// the mapper never throws: concatMapIterable would also discard (release again) the buffer it failed on;
			// an oversized event is marked in the list instead, after the events completed before it
			return body.concatMapIterable((buffer) -> {
				List<byte[]> events = new ArrayList<>(2);
				try {
					if (!decoder.failed) {
						decoder.feed(buffer, events::add);
					}
				}
				catch (EventTooLargeException ex) {
					events.add(TOO_LARGE);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
				return events;
			}).concatWith(Flux.defer(() -> {
				List<byte[]> events = new ArrayList<>(1);
				decoder.finish(events::add);
				return Flux.fromIterable(events);
			})).<byte[]>handle((event, sink) -> {
				if (event == TOO_LARGE) {
					sink.error(new EventTooLargeException(maxEventSize));
				}
				else {
					sink.next(event);
				}
			}).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
		});
	}

	/**
	 * Feed the readable bytes of a buffer, leaving its read position unchanged.
	 * @param buffer the bytes that arrived
	 * @param sink receives the data of each event completed by these bytes
	 */
	public void feed(DataBuffer buffer, Consumer<byte[]> sink) {
		int length = buffer.readableByteCount();
		if (this.scratch.length < length) {
			this.scratch = new byte[Math.max(length, 1024)];
		}
		int position = buffer.readPosition();
		buffer.read(this.scratch, 0, length);
		buffer.readPosition(position);
		feed(this.scratch, 0, length, sink);
	}

	/**
	 * Feed bytes.
	 * @param bytes the array holding the bytes
	 * @param offset the first byte to read
	 * @param length how many bytes to read
	 * @param sink receives the data of each event completed by these bytes
	 * @throws EventTooLargeException when an event exceeds the maximum event size
	 */
	public void feed(byte[] bytes, int offset, int length, Consumer<byte[]> sink) {
		int end = offset + length;
		for (int i = offset; i < end; i++) {
			byte b = bytes[i];
			if (this.afterCr) {
				this.afterCr = false;
				if (b == LF) {
					continue;
				}
			}
			if (b == LF) {
				endLine(sink);
			}
			else if (b == CR) {
				this.afterCr = true;
				endLine(sink);
			}
			else {
				if (this.lineLength == this.line.length) {
					this.line = Arrays.copyOf(this.line, this.line.length * 2);
				}
				this.line[this.lineLength++] = b;
			}
		}
		// once per read, not per byte: a line without end (or a flood of data lines) stops growing here, at most one
		// read past the limit; endLine applies the same sum, so the outcome does not depend on how reads were split
		checkSize(this.lineLength);
	}

	/**
	 * Signal the end of the body: a pending line is processed and an event with data is emitted even without its
	 * terminating blank line.
	 * @param sink receives the data of the last event, if any
	 */
	public void finish(Consumer<byte[]> sink) {
		if (this.lineLength > 0) {
			endLine(sink);
		}
		dispatch(sink);
	}

	private void endLine(Consumer<byte[]> sink) {
		int length = this.lineLength;
		this.lineLength = 0;
		if (length == 0) {
			dispatch(sink);
			return;
		}
		checkSize(length);
		byte[] line = this.line;
		if (line[0] == ':') {
			return; // comment, e.g. a keep-alive
		}
		if (length >= 4 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a'
				&& (length == 4 || line[4] == ':')) {
			int start = (length > 5 && line[5] == ' ') ? 6 : 5;
			appendData(line, Math.min(start, length), length);
		}
	}

	private void checkSize(int lineLength) {
		if ((long) this.dataLength + lineLength > this.maxEventSize) {
			this.failed = true;
			throw new EventTooLargeException(this.maxEventSize);
		}
	}

	private void appendData(byte[] line, int from, int to) {
		int needed = this.dataLength + (to - from) + 1;
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(needed, this.data.length * 2));
		}
		if (this.hasData) {
			this.data[this.dataLength++] = LF;
		}
		System.arraycopy(line, from, this.data, this.dataLength, to - from);
		this.dataLength += to - from;
		this.hasData = true;
	}

	private void dispatch(Consumer<byte[]> sink) {
		if (this.hasData) {
			byte[] event = Arrays.copyOf(this.data, this.dataLength);
			this.dataLength = 0;
			this.hasData = false;
			sink.accept(event);
		}
	}

	/**
	 * An event exceeded the decoder's maximum event size; the stream cannot be decoded further.
	 */
	public static final class EventTooLargeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int maxEventSize;

		EventTooLargeException(int maxEventSize) {
			super("Server-sent event larger than " + maxEventSize + " bytes");
			this.maxEventSize = maxEventSize;
		}

		/**
		 * Return the limit that was exceeded.
		 * @return the maximum event size in bytes
		 */
		public int getMaxEventSize() {
			return this.maxEventSize;
		}

	}

}
