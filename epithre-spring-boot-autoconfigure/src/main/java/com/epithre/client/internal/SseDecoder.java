package com.epithre.client.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Incremental decoder of a {@code text/event-stream} body (WHATWG SSE) into the data of each event, straight from
 * the network buffers: LF, CRLF and CR line ends, comment lines, multi-line {@code data}, events split across reads.
 * Only {@code data} matters to Epithre (docs/epithre-api.md, streaming); {@code event}, {@code id} and {@code retry}
 * are skipped.
 * Memory is bounded by a maximum event size: an event whose data so far plus the line being read exceeds it fails
 * with {@link EventTooLargeException}, whatever the line ends and however the bytes were split into reads. Not
 * thread-safe: one instance per stream, not to be fed again after it threw.
 */
public final class SseDecoder {

	/** Default maximum event size: 4 MiB (see {@code EpithreClientSettings#DEFAULT_MAX_EVENT_SIZE}). */
	public static final int DEFAULT_MAX_EVENT_SIZE = 4 * 1024 * 1024;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final byte LF = '\n';

	private static final byte CR = '\r';

	/** Marks, by identity, where an event went over the limit. */
	private static final byte[] TOO_LARGE = new byte[0];

	private static final byte[] EMPTY = new byte[0];

	/** Smallest size of a buffer that has to grow: most chat chunk events are 150-300 bytes. */
	private static final int MIN_GROWTH = 256;

	/**
	 * The array a {@link DataBuffer}'s bytes are copied into, one per thread rather than one per stream: a thread
	 * decodes one read at a time, and a decoder fed from inside a sink on the same thread finds the slot empty and
	 * takes an array of its own.
	 */
	private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1][]);

	/** Largest scratch array a thread keeps; Netty reads at most 64 KiB at a time. */
	private static final int MAX_KEPT_SCRATCH = 256 * 1024;

	/** Empty until a line is split across reads: lines that arrive whole are read where they are. */
	private byte[] line = EMPTY;

	private int lineLength;

	/**
	 * Empty until an event's data has to be kept past the read it arrived in, or has several lines: the usual event,
	 * one {@code data} line and its blank line in one read, is handed on where it lies.
	 */
	private byte[] data = EMPTY;

	/** Bytes of the current event's data, in {@link #data} or, while {@link #borrowed} is set, there. */
	private int dataLength;

	private boolean hasData;

	/** The read holding the current event's only data line so far, not copied yet; valid until the read ends. */
	private byte @Nullable [] borrowed;

	private int borrowedOffset;

	private boolean afterCr;

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
		feedInPlace(buffer, copying(sink));
	}

	/**
	 * Feed the readable bytes of a buffer, leaving its read position unchanged, without copying each event.
	 * @param buffer the bytes that arrived
	 * @param sink receives the data of each event completed by these bytes, valid only during the call
	 */
	public void feedInPlace(DataBuffer buffer, EventSink sink) {
		int length = buffer.readableByteCount();
		byte[][] slot = SCRATCH.get();
		byte[] scratch = slot[0];
		slot[0] = null;
		if (scratch == null || scratch.length < length) {
			scratch = new byte[Math.max(length, 2 * MIN_GROWTH)];
		}
		try {
			int position = buffer.readPosition();
			buffer.read(scratch, 0, length);
			buffer.readPosition(position);
			feedInPlace(scratch, 0, length, sink);
		}
		finally {
			if (scratch.length <= MAX_KEPT_SCRATCH) {
				slot[0] = scratch;
			}
		}
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
		feedInPlace(bytes, offset, length, copying(sink));
	}

	/**
	 * Feed bytes without copying each event.
	 * @param bytes the array holding the bytes
	 * @param offset the first byte to read
	 * @param length how many bytes to read
	 * @param sink receives the data of each event completed by these bytes, valid only during the call
	 * @throws EventTooLargeException when an event exceeds the maximum event size
	 */
	public void feedInPlace(byte[] bytes, int offset, int length, EventSink sink) {
		int i = offset;
		int end = offset + length;
		if (this.afterCr && i < end) {
			this.afterCr = false;
			if (bytes[i] == LF) {
				i++;
			}
		}
		while (i < end) {
			int lineEnd = lineEnd(bytes, i, end);
			if (lineEnd == end) {
				appendLine(bytes, i, end);
				break;
			}
			if (this.lineLength == 0) {
				endLine(bytes, i, lineEnd - i, sink); // the whole line is in this read: no copy
			}
			else {
				appendLine(bytes, i, lineEnd);
				int pending = this.lineLength;
				this.lineLength = 0;
				endLine(this.line, 0, pending, sink);
			}
			i = lineEnd + 1;
			if (bytes[lineEnd] == CR) {
				if (i == end) {
					this.afterCr = true;
				}
				else if (bytes[i] == LF) {
					i++;
				}
			}
		}
		// the read is about to go: an event that goes on past it keeps its data line
		keepBorrowed();
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
		finishInPlace(copying(sink));
	}

	/**
	 * Signal the end of the body without copying the last event.
	 * @param sink receives the data of the last event, if any, valid only during the call
	 * @see #finish(Consumer)
	 */
	public void finishInPlace(EventSink sink) {
		if (this.lineLength > 0) {
			int pending = this.lineLength;
			this.lineLength = 0;
			endLine(this.line, 0, pending, sink);
		}
		dispatch(sink);
	}

	/**
	 * Find the next CR or LF, eight bytes at a time: a word holds one when {@code (x - 0x01..) & ~x & 0x80..} is not
	 * zero for {@code x} the word XOR the repeated byte; a word that may hold one is then searched byte by byte.
	 */
	private static int lineEnd(byte[] bytes, int from, int end) {
		int i = from;
		while (i + Long.BYTES <= end) {
			long word = (long) LONGS.get(bytes, i);
			long lf = word ^ 0x0A0A0A0A0A0A0A0AL;
			long cr = word ^ 0x0D0D0D0D0D0D0D0DL;
			long found = ((lf - 0x0101010101010101L) & ~lf) | ((cr - 0x0101010101010101L) & ~cr);
			if ((found & 0x8080808080808080L) != 0) {
				break;
			}
			i += Long.BYTES;
		}
		for (; i < end; i++) {
			byte b = bytes[i];
			if (b == LF || b == CR) {
				return i;
			}
		}
		return end;
	}

	private void appendLine(byte[] bytes, int from, int to) {
		int needed = this.lineLength + (to - from);
		if (needed > this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.max(needed, Math.max(MIN_GROWTH, this.line.length * 2)));
		}
		System.arraycopy(bytes, from, this.line, this.lineLength, to - from);
		this.lineLength = needed;
	}

	private void endLine(byte[] line, int offset, int length, EventSink sink) {
		if (length == 0) {
			dispatch(sink);
			return;
		}
		checkSize(length);
		if (line[offset] == ':') {
			return; // comment, e.g. a keep-alive
		}
		if (length >= 4 && line[offset] == 'd' && line[offset + 1] == 'a' && line[offset + 2] == 't'
				&& line[offset + 3] == 'a' && (length == 4 || line[offset + 4] == ':')) {
			int start = (length > 5 && line[offset + 5] == ' ') ? 6 : 5;
			appendData(line, offset + Math.min(start, length), offset + length);
		}
	}

	private void checkSize(int lineLength) {
		if ((long) this.dataLength + lineLength > this.maxEventSize) {
			this.failed = true;
			throw new EventTooLargeException(this.maxEventSize);
		}
	}

	private void appendData(byte[] line, int from, int to) {
		if (!this.hasData && line != this.line) {
			// the first data line, whole in the read: no copy unless the event outlives the read
			this.borrowed = line;
			this.borrowedOffset = from;
			this.dataLength = to - from;
			this.hasData = true;
			return;
		}
		keepBorrowed();
		int needed = this.dataLength + (to - from) + 1;
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(needed, Math.max(MIN_GROWTH, this.data.length * 2)));
		}
		if (this.hasData) {
			this.data[this.dataLength++] = LF;
		}
		System.arraycopy(line, from, this.data, this.dataLength, to - from);
		this.dataLength += to - from;
		this.hasData = true;
	}

	/** Copy a borrowed data line into {@link #data}, before its read goes or another line joins it. */
	private void keepBorrowed() {
		byte[] source = this.borrowed;
		if (source != null) {
			this.borrowed = null;
			if (this.dataLength + 1 > this.data.length) {
				this.data = new byte[Math.max(this.dataLength + 1, MIN_GROWTH)];
			}
			System.arraycopy(source, this.borrowedOffset, this.data, 0, this.dataLength);
		}
	}

	private void dispatch(EventSink sink) {
		if (this.hasData) {
			int length = this.dataLength;
			byte[] source = this.borrowed;
			this.dataLength = 0;
			this.hasData = false;
			this.borrowed = null;
			if (source != null) {
				sink.onEvent(source, this.borrowedOffset, length);
			}
			else {
				sink.onEvent(this.data, 0, length);
			}
		}
	}

	private static EventSink copying(Consumer<byte[]> sink) {
		return (data, offset, length) -> sink.accept(Arrays.copyOfRange(data, offset, offset + length));
	}

	/**
	 * Receives the data of each event without a copy.
	 */
	@FunctionalInterface
	public interface EventSink {

		/**
		 * Called once per event with data.
		 * @param data holds the event's data; valid only during the call, as it is the read being decoded or an array
		 * the decoder reuses
		 * @param offset where the event's data starts in {@code data}
		 * @param length how many bytes of {@code data} belong to the event
		 */
		void onEvent(byte[] data, int offset, int length);

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
