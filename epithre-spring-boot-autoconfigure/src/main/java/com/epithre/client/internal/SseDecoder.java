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
 * Not thread-safe: one instance per stream.
 */
public final class SseDecoder {

	private static final byte LF = '\n';

	private static final byte CR = '\r';

	private byte[] line = new byte[512];

	private int lineLength;

	private byte[] data = new byte[512];

	private int dataLength;

	private boolean hasData;

	private boolean afterCr;

	private byte[] scratch = new byte[0];

	/**
	 * Decode a body into the data payloads of its events, releasing every buffer it reads. An event still open when
	 * the body ends is emitted too, so a final {@code data: [DONE]} without its blank line is not lost.
	 * @param body the response body
	 * @return the data of each event, UTF-8 bytes with data lines joined by LF
	 */
	public static Flux<byte[]> decode(Flux<DataBuffer> body) {
		return Flux.defer(() -> {
			SseDecoder decoder = new SseDecoder();
			return body.concatMapIterable((buffer) -> {
				List<byte[]> events = new ArrayList<>(2);
				try {
					decoder.feed(buffer, events::add);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
				return events;
			}).concatWith(Flux.defer(() -> {
				List<byte[]> events = new ArrayList<>(1);
				decoder.finish(events::add);
				return Flux.fromIterable(events);
			})).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
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

}
