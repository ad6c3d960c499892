package com.epithre.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Frames the bytes of one event stream into events, as the event-stream format says: LF, CRLF or a lone CR ends a
 * line, one leading UTF-8 byte order mark is dropped, a blank line dispatches the event, {@code :} starts a comment,
 * {@code data} lines are joined with LF, {@code event} names the event, other fields are ignored. The data stays as
 * UTF-8 bytes for the JSON codec to read. An event whose data and current line pass the maximum event size makes
 * {@link #feed} return {@link #TOO_LARGE}, after the events that came before it in the same read.
 * <p>
 * One instance per stream; not thread-safe (reads of one body arrive one at a time).
 */
final class SseFramer {

	/** Stands for an event over the maximum size among the framed events; nothing after it is framed. */
	static final SseEvent TOO_LARGE = new SseEvent(null, new byte[0], false);

	private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private final int maxEventSize;

	private byte[] line = new byte[128];

	private int lineLength;

	private byte[] data = new byte[256];

	private int dataLength;

	private boolean hasData;

	private @Nullable String eventName;

	private boolean afterCarriageReturn;

	/** How many bytes of the byte order mark were seen so far, or -1 once the start of the body is past. */
	private int bomMatched;

	private boolean failed;

	SseFramer(int maxEventSize) {
		this.maxEventSize = maxEventSize;
	}

	/**
	 * Frame one read of the body; the caller releases the buffer.
	 * @param buffer the bytes that arrived
	 * @return the events these bytes completed, possibly ending with {@link #TOO_LARGE}
	 */
	List<SseEvent> feed(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.read(bytes);
		List<SseEvent> events = new ArrayList<>(2);
		int i = skipByteOrderMark(bytes, events);
		while (i < bytes.length && !this.failed) {
			if (this.afterCarriageReturn) {
				this.afterCarriageReturn = false;
				if (bytes[i] == '\n') {
					i++; // the LF of a CRLF split over two reads
					continue;
				}
			}
			int end = i;
			while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
				end++;
			}
			append(bytes, i, end, events);
			if (end == bytes.length) {
				break; // the line goes on in the next read
			}
			endLine(events);
			i = end + 1;
			if (bytes[end] == '\r') {
				if (i < bytes.length) {
					i += (bytes[i] == '\n') ? 1 : 0;
				}
				else {
					this.afterCarriageReturn = true;
				}
			}
		}
		return events;
	}

	/**
	 * Drop what the start of the body holds of a byte order mark; bytes that only began like one are part of the first
	 * line after all.
	 * @return where the rest of this read starts
	 */
	private int skipByteOrderMark(byte[] bytes, List<SseEvent> events) {
		int i = 0;
		while (this.bomMatched >= 0 && i < bytes.length) {
			if (bytes[i] != BOM[this.bomMatched]) {
				int matched = this.bomMatched;
				this.bomMatched = -1;
				append(BOM, 0, matched, events);
				return i;
			}
			i++;
			if (++this.bomMatched == BOM.length) {
				this.bomMatched = -1;
			}
		}
		return i;
	}

	/**
	 * Frame what the end of the body completes: a last line and event without their line ends. Unlike the WHATWG rules,
	 * which drop such an event, it is passed on, marked {@linkplain SseEvent#cutOff() cut off}: a last
	 * {@code data: [DONE]} without its blank line still ends a stream, and a cut-off chunk is reported as truncation.
	 * @return the last event, if any
	 */
	List<SseEvent> finish() {
		List<SseEvent> events = new ArrayList<>(1);
		if (this.failed) {
			return events;
		}
		if (this.lineLength > 0) {
			endLine(events);
		}
		if (this.hasData) {
			events.add(new SseEvent(this.eventName, Arrays.copyOf(this.data, this.dataLength), true));
		}
		return events;
	}

	private void append(byte[] bytes, int from, int to, List<SseEvent> events) {
		int length = to - from;
		if (length == 0 || this.failed) {
			return;
		}
		if (this.dataLength + this.lineLength + length > this.maxEventSize) {
			this.failed = true;
			events.add(TOO_LARGE);
			return;
		}
		if (this.lineLength + length > this.line.length) {
			this.line = Arrays.copyOf(this.line,
					Math.max(this.lineLength + length, Math.min(this.line.length * 2, this.maxEventSize)));
		}
		System.arraycopy(bytes, from, this.line, this.lineLength, length);
		this.lineLength += length;
	}

	private void endLine(List<SseEvent> events) {
		if (this.failed) {
			return;
		}
		int length = this.lineLength;
		this.lineLength = 0;
		if (length == 0) {
			dispatch(events);
			return;
		}
		if (this.line[0] == ':') {
			return; // a comment
		}
		int colon = indexOf(this.line, length, (byte) ':');
		int nameEnd = (colon >= 0) ? colon : length;
		int valueStart = (colon >= 0) ? colon + 1 : length;
		if (valueStart < length && this.line[valueStart] == ' ') {
			valueStart++;
		}
		if (isField("data", nameEnd)) {
			appendData(valueStart, length);
		}
		else if (isField("event", nameEnd)) {
			this.eventName = new String(this.line, valueStart, length - valueStart, StandardCharsets.UTF_8);
		}
	}

	private void appendData(int from, int to) {
		int needed = this.dataLength + (this.hasData ? 1 : 0) + (to - from);
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(needed, Math.min(this.data.length * 2, this.maxEventSize)));
		}
		if (this.hasData) {
			this.data[this.dataLength++] = '\n';
		}
		System.arraycopy(this.line, from, this.data, this.dataLength, to - from);
		this.dataLength += to - from;
		this.hasData = true;
	}

	private void dispatch(List<SseEvent> events) {
		if (this.hasData) {
			events.add(new SseEvent(this.eventName, Arrays.copyOf(this.data, this.dataLength), false));
		}
		this.dataLength = 0;
		this.hasData = false;
		this.eventName = null;
	}

	private boolean isField(String name, int nameEnd) {
		if (nameEnd != name.length()) {
			return false;
		}
		for (int i = 0; i < nameEnd; i++) {
			if (this.line[i] != name.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static int indexOf(byte[] bytes, int length, byte b) {
		for (int i = 0; i < length; i++) {
			if (bytes[i] == b) {
				return i;
			}
		}
		return -1;
	}

}
